-- The full pass may defer the subtree sums (ADR 1060) to one rebuild at its end when it writes
-- most warnings (the first pass): the Warning and OrgHealth triggers do nothing while the
-- transaction-local setting dangjian.subtree_deferred is 'on' (ADR 1063). Same bodies otherwise.
CREATE OR REPLACE FUNCTION "dangjian_subtree_warnings"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  -- the full pass writing most warnings defers to one rebuild at its end, in its transaction (ADR 1063)
  IF current_setting('dangjian.subtree_deferred', true) = 'on' THEN RETURN NULL; END IF;
  IF TG_OP = 'INSERT' THEN
    INSERT INTO "OrgSubtreeWarnings" AS t ("orgId", "ruleId", severity, "open")
      SELECT a.id, d."ruleId", d.severity, sum(d.n)::int
      FROM (SELECT o."ancestorIds" || o.id AS path, w."ruleId", w.severity, 1 AS n FROM new_rows w JOIN "Org" o ON o.id = w."orgId" WHERE w.state IN ('FIRING', 'RECOVERING')) d CROSS JOIN LATERAL unnest(d.path) AS a(id)
      GROUP BY 1, 2, 3 HAVING sum(d.n) <> 0 ORDER BY 1, 2, 3
      ON CONFLICT ("orgId", "ruleId", severity) DO UPDATE SET "open" = t."open" + EXCLUDED."open";
  ELSIF TG_OP = 'UPDATE' THEN
    INSERT INTO "OrgSubtreeWarnings" AS t ("orgId", "ruleId", severity, "open")
      SELECT a.id, d."ruleId", d.severity, sum(d.n)::int
      FROM (SELECT o."ancestorIds" || o.id AS path, w."ruleId", w.severity, 1 AS n FROM new_rows w JOIN "Org" o ON o.id = w."orgId" WHERE w.state IN ('FIRING', 'RECOVERING') UNION ALL SELECT o."ancestorIds" || o.id AS path, w."ruleId", w.severity, -1 AS n FROM old_rows w JOIN "Org" o ON o.id = w."orgId" WHERE w.state IN ('FIRING', 'RECOVERING')) d CROSS JOIN LATERAL unnest(d.path) AS a(id)
      GROUP BY 1, 2, 3 HAVING sum(d.n) <> 0 ORDER BY 1, 2, 3
      ON CONFLICT ("orgId", "ruleId", severity) DO UPDATE SET "open" = t."open" + EXCLUDED."open";
  ELSE
    INSERT INTO "OrgSubtreeWarnings" AS t ("orgId", "ruleId", severity, "open")
      SELECT a.id, d."ruleId", d.severity, sum(d.n)::int
      FROM (SELECT o."ancestorIds" || o.id AS path, w."ruleId", w.severity, -1 AS n FROM old_rows w JOIN "Org" o ON o.id = w."orgId" WHERE w.state IN ('FIRING', 'RECOVERING')) d CROSS JOIN LATERAL unnest(d.path) AS a(id)
      GROUP BY 1, 2, 3 HAVING sum(d.n) <> 0 ORDER BY 1, 2, 3
      ON CONFLICT ("orgId", "ruleId", severity) DO UPDATE SET "open" = t."open" + EXCLUDED."open";
  END IF;
  RETURN NULL;
END $$;

CREATE OR REPLACE FUNCTION "dangjian_subtree_health"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  -- the full pass writing most warnings defers to one rebuild at its end, in its transaction (ADR 1063)
  IF current_setting('dangjian.subtree_deferred', true) = 'on' THEN RETURN NULL; END IF;
  IF TG_OP = 'INSERT' THEN
    INSERT INTO "OrgSubtreeStat" AS t ("orgId", scored, "scoreSum", "previousSum")
      SELECT a.id, sum(d.n)::int, sum(d.n * d.score), sum(d.n * d.prev)
      FROM (SELECT o."ancestorIds" || o.id AS path, h.score, coalesce(h.previous, h.score) AS prev, h.reasons, 1 AS n FROM new_rows h JOIN "Org" o ON o.id = h."orgId" AND o.active AND o.kind IN ('BRANCH', 'JOINT_BRANCH') WHERE h.score IS NOT NULL) d CROSS JOIN LATERAL unnest(d.path) AS a(id)
      GROUP BY 1 HAVING sum(d.n) <> 0 OR sum(d.n * d.score) <> 0 OR sum(d.n * d.prev) <> 0 ORDER BY 1
      ON CONFLICT ("orgId") DO UPDATE SET scored = t.scored + EXCLUDED.scored, "scoreSum" = t."scoreSum" + EXCLUDED."scoreSum", "previousSum" = t."previousSum" + EXCLUDED."previousSum";
    INSERT INTO "OrgSubtreeHealthReason" AS t ("orgId", "ruleId", level, count, "penaltySum")
      SELECT a.id, r->>'ruleId', r->>'level', sum(d.n)::int, sum(d.n * (r->>'penalty')::int)::int
      FROM (SELECT o."ancestorIds" || o.id AS path, h.score, coalesce(h.previous, h.score) AS prev, h.reasons, 1 AS n FROM new_rows h JOIN "Org" o ON o.id = h."orgId" AND o.active AND o.kind IN ('BRANCH', 'JOINT_BRANCH') WHERE h.score IS NOT NULL) d CROSS JOIN LATERAL jsonb_array_elements(d.reasons) AS r CROSS JOIN LATERAL unnest(d.path) AS a(id)
      GROUP BY 1, 2, 3 HAVING sum(d.n) <> 0 OR sum(d.n * (r->>'penalty')::int) <> 0 ORDER BY 1, 2, 3
      ON CONFLICT ("orgId", "ruleId", level) DO UPDATE SET count = t.count + EXCLUDED.count, "penaltySum" = t."penaltySum" + EXCLUDED."penaltySum";
  ELSIF TG_OP = 'UPDATE' THEN
    INSERT INTO "OrgSubtreeStat" AS t ("orgId", scored, "scoreSum", "previousSum")
      SELECT a.id, sum(d.n)::int, sum(d.n * d.score), sum(d.n * d.prev)
      FROM (SELECT o."ancestorIds" || o.id AS path, h.score, coalesce(h.previous, h.score) AS prev, h.reasons, 1 AS n FROM new_rows h JOIN "Org" o ON o.id = h."orgId" AND o.active AND o.kind IN ('BRANCH', 'JOINT_BRANCH') WHERE h.score IS NOT NULL UNION ALL SELECT o."ancestorIds" || o.id AS path, h.score, coalesce(h.previous, h.score) AS prev, h.reasons, -1 AS n FROM old_rows h JOIN "Org" o ON o.id = h."orgId" AND o.active AND o.kind IN ('BRANCH', 'JOINT_BRANCH') WHERE h.score IS NOT NULL) d CROSS JOIN LATERAL unnest(d.path) AS a(id)
      GROUP BY 1 HAVING sum(d.n) <> 0 OR sum(d.n * d.score) <> 0 OR sum(d.n * d.prev) <> 0 ORDER BY 1
      ON CONFLICT ("orgId") DO UPDATE SET scored = t.scored + EXCLUDED.scored, "scoreSum" = t."scoreSum" + EXCLUDED."scoreSum", "previousSum" = t."previousSum" + EXCLUDED."previousSum";
    INSERT INTO "OrgSubtreeHealthReason" AS t ("orgId", "ruleId", level, count, "penaltySum")
      SELECT a.id, r->>'ruleId', r->>'level', sum(d.n)::int, sum(d.n * (r->>'penalty')::int)::int
      FROM (SELECT o."ancestorIds" || o.id AS path, h.score, coalesce(h.previous, h.score) AS prev, h.reasons, 1 AS n FROM new_rows h JOIN "Org" o ON o.id = h."orgId" AND o.active AND o.kind IN ('BRANCH', 'JOINT_BRANCH') WHERE h.score IS NOT NULL UNION ALL SELECT o."ancestorIds" || o.id AS path, h.score, coalesce(h.previous, h.score) AS prev, h.reasons, -1 AS n FROM old_rows h JOIN "Org" o ON o.id = h."orgId" AND o.active AND o.kind IN ('BRANCH', 'JOINT_BRANCH') WHERE h.score IS NOT NULL) d CROSS JOIN LATERAL jsonb_array_elements(d.reasons) AS r CROSS JOIN LATERAL unnest(d.path) AS a(id)
      GROUP BY 1, 2, 3 HAVING sum(d.n) <> 0 OR sum(d.n * (r->>'penalty')::int) <> 0 ORDER BY 1, 2, 3
      ON CONFLICT ("orgId", "ruleId", level) DO UPDATE SET count = t.count + EXCLUDED.count, "penaltySum" = t."penaltySum" + EXCLUDED."penaltySum";
  ELSE
    INSERT INTO "OrgSubtreeStat" AS t ("orgId", scored, "scoreSum", "previousSum")
      SELECT a.id, sum(d.n)::int, sum(d.n * d.score), sum(d.n * d.prev)
      FROM (SELECT o."ancestorIds" || o.id AS path, h.score, coalesce(h.previous, h.score) AS prev, h.reasons, -1 AS n FROM old_rows h JOIN "Org" o ON o.id = h."orgId" AND o.active AND o.kind IN ('BRANCH', 'JOINT_BRANCH') WHERE h.score IS NOT NULL) d CROSS JOIN LATERAL unnest(d.path) AS a(id)
      GROUP BY 1 HAVING sum(d.n) <> 0 OR sum(d.n * d.score) <> 0 OR sum(d.n * d.prev) <> 0 ORDER BY 1
      ON CONFLICT ("orgId") DO UPDATE SET scored = t.scored + EXCLUDED.scored, "scoreSum" = t."scoreSum" + EXCLUDED."scoreSum", "previousSum" = t."previousSum" + EXCLUDED."previousSum";
    INSERT INTO "OrgSubtreeHealthReason" AS t ("orgId", "ruleId", level, count, "penaltySum")
      SELECT a.id, r->>'ruleId', r->>'level', sum(d.n)::int, sum(d.n * (r->>'penalty')::int)::int
      FROM (SELECT o."ancestorIds" || o.id AS path, h.score, coalesce(h.previous, h.score) AS prev, h.reasons, -1 AS n FROM old_rows h JOIN "Org" o ON o.id = h."orgId" AND o.active AND o.kind IN ('BRANCH', 'JOINT_BRANCH') WHERE h.score IS NOT NULL) d CROSS JOIN LATERAL jsonb_array_elements(d.reasons) AS r CROSS JOIN LATERAL unnest(d.path) AS a(id)
      GROUP BY 1, 2, 3 HAVING sum(d.n) <> 0 OR sum(d.n * (r->>'penalty')::int) <> 0 ORDER BY 1, 2, 3
      ON CONFLICT ("orgId", "ruleId", level) DO UPDATE SET count = t.count + EXCLUDED.count, "penaltySum" = t."penaltySum" + EXCLUDED."penaltySum";
  END IF;
  RETURN NULL;
END $$;

