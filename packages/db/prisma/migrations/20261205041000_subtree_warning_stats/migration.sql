-- CreateTable
CREATE TABLE "OrgSubtreeStat" (
    "orgId" UUID NOT NULL,
    "branches" INTEGER NOT NULL DEFAULT 0,
    "scored" INTEGER NOT NULL DEFAULT 0,
    "scoreSum" BIGINT NOT NULL DEFAULT 0,
    "previousSum" BIGINT NOT NULL DEFAULT 0,

    CONSTRAINT "OrgSubtreeStat_pkey" PRIMARY KEY ("orgId")
);

-- CreateTable
CREATE TABLE "OrgSubtreeWarnings" (
    "orgId" UUID NOT NULL,
    "ruleId" TEXT NOT NULL,
    "severity" "Severity" NOT NULL,
    "open" INTEGER NOT NULL DEFAULT 0,

    CONSTRAINT "OrgSubtreeWarnings_pkey" PRIMARY KEY ("orgId","ruleId","severity")
);

-- CreateTable
CREATE TABLE "OrgSubtreeHealthReason" (
    "orgId" UUID NOT NULL,
    "ruleId" TEXT NOT NULL,
    "level" TEXT NOT NULL,
    "count" INTEGER NOT NULL DEFAULT 0,
    "penaltySum" INTEGER NOT NULL DEFAULT 0,

    CONSTRAINT "OrgSubtreeHealthReason_pkey" PRIMARY KEY ("orgId","ruleId","level")
);


-- Subtree sums for the committee dashboard (ADR 1060), kept like OrgRollupMonth: every statement
-- that changes a warning, a health score or an organisation's place in the tree adds its
-- difference to the rows of the organisation and all its ancestors, set-based (transition
-- tables), in the writer's transaction; rows are upserted in key order (no deadlock between two
-- writers). They hold what the dashboard used to aggregate over the subtree at read time:
--   OrgSubtreeStat: judged organisations (active branches and joint branches) at or below, and
--     the O7 scores among them (how many, their sum, the sum of their previous-or-current scores);
--   OrgSubtreeWarnings: open (FIRING or RECOVERING) warnings whose organisation is at or below, by
--     rule and severity;
--   OrgSubtreeHealthReason: the scored organisations' health reasons, by rule and level.
-- Rows whose sums fall back to zero stay (readers treat zero as absent).

CREATE FUNCTION "dangjian_subtree_warnings"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
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

CREATE FUNCTION "dangjian_subtree_health"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
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

-- Organisations: the judged count on insert and delete; an update that changes whether one is
-- judged (active, kind) or where it sits (ancestorIds) moves its own contribution and those of its
-- warnings and health from the old path to the new one (a moved subtree updates every row below).
CREATE FUNCTION "dangjian_subtree_orgs"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'INSERT' THEN
    INSERT INTO "OrgSubtreeStat" AS t ("orgId", branches)
      SELECT a.id, sum(d.n)::int FROM (SELECT o."ancestorIds" || o.id AS path, 1 AS n FROM new_rows o WHERE o.active AND o.kind IN ('BRANCH', 'JOINT_BRANCH')) d CROSS JOIN LATERAL unnest(d.path) AS a(id)
      GROUP BY 1 HAVING sum(d.n) <> 0 ORDER BY 1
      ON CONFLICT ("orgId") DO UPDATE SET branches = t.branches + EXCLUDED.branches;
  ELSIF TG_OP = 'DELETE' THEN
    INSERT INTO "OrgSubtreeStat" AS t ("orgId", branches)
      SELECT a.id, sum(d.n)::int FROM (SELECT o."ancestorIds" || o.id AS path, -1 AS n FROM old_rows o WHERE o.active AND o.kind IN ('BRANCH', 'JOINT_BRANCH')) d CROSS JOIN LATERAL unnest(d.path) AS a(id)
      GROUP BY 1 HAVING sum(d.n) <> 0 ORDER BY 1
      ON CONFLICT ("orgId") DO UPDATE SET branches = t.branches + EXCLUDED.branches;
  ELSE
    IF NOT EXISTS (SELECT n.id, n.active AS new_active, n.kind AS new_kind, n."ancestorIds" || n.id AS new_path,
              p.active AS old_active, p.kind AS old_kind, p."ancestorIds" || p.id AS old_path
            FROM new_rows n JOIN old_rows p ON p.id = n.id
            WHERE n.active IS DISTINCT FROM p.active OR n.kind IS DISTINCT FROM p.kind OR n."ancestorIds" IS DISTINCT FROM p."ancestorIds") THEN RETURN NULL; END IF;
    INSERT INTO "OrgSubtreeStat" AS t ("orgId", branches)
      SELECT a.id, sum(d.n)::int FROM (SELECT c.new_path AS path, 1 AS n FROM (SELECT n.id, n.active AS new_active, n.kind AS new_kind, n."ancestorIds" || n.id AS new_path,
              p.active AS old_active, p.kind AS old_kind, p."ancestorIds" || p.id AS old_path
            FROM new_rows n JOIN old_rows p ON p.id = n.id
            WHERE n.active IS DISTINCT FROM p.active OR n.kind IS DISTINCT FROM p.kind OR n."ancestorIds" IS DISTINCT FROM p."ancestorIds") c WHERE c.new_active AND c.new_kind IN ('BRANCH', 'JOINT_BRANCH') UNION ALL SELECT c.old_path, -1 FROM (SELECT n.id, n.active AS new_active, n.kind AS new_kind, n."ancestorIds" || n.id AS new_path,
              p.active AS old_active, p.kind AS old_kind, p."ancestorIds" || p.id AS old_path
            FROM new_rows n JOIN old_rows p ON p.id = n.id
            WHERE n.active IS DISTINCT FROM p.active OR n.kind IS DISTINCT FROM p.kind OR n."ancestorIds" IS DISTINCT FROM p."ancestorIds") c WHERE c.old_active AND c.old_kind IN ('BRANCH', 'JOINT_BRANCH')) d CROSS JOIN LATERAL unnest(d.path) AS a(id)
      GROUP BY 1 HAVING sum(d.n) <> 0 ORDER BY 1
      ON CONFLICT ("orgId") DO UPDATE SET branches = t.branches + EXCLUDED.branches;
    INSERT INTO "OrgSubtreeWarnings" AS t ("orgId", "ruleId", severity, "open")
      SELECT a.id, d."ruleId", d.severity, sum(d.n)::int
      FROM (SELECT c.new_path AS path, w."ruleId", w.severity, 1 AS n FROM (SELECT n.id, n.active AS new_active, n.kind AS new_kind, n."ancestorIds" || n.id AS new_path,
              p.active AS old_active, p.kind AS old_kind, p."ancestorIds" || p.id AS old_path
            FROM new_rows n JOIN old_rows p ON p.id = n.id
            WHERE n.active IS DISTINCT FROM p.active OR n.kind IS DISTINCT FROM p.kind OR n."ancestorIds" IS DISTINCT FROM p."ancestorIds") c JOIN "Warning" w ON w."orgId" = c.id WHERE w.state IN ('FIRING', 'RECOVERING') UNION ALL SELECT c.old_path, w."ruleId", w.severity, -1 FROM (SELECT n.id, n.active AS new_active, n.kind AS new_kind, n."ancestorIds" || n.id AS new_path,
              p.active AS old_active, p.kind AS old_kind, p."ancestorIds" || p.id AS old_path
            FROM new_rows n JOIN old_rows p ON p.id = n.id
            WHERE n.active IS DISTINCT FROM p.active OR n.kind IS DISTINCT FROM p.kind OR n."ancestorIds" IS DISTINCT FROM p."ancestorIds") c JOIN "Warning" w ON w."orgId" = c.id WHERE w.state IN ('FIRING', 'RECOVERING')) d CROSS JOIN LATERAL unnest(d.path) AS a(id)
      GROUP BY 1, 2, 3 HAVING sum(d.n) <> 0 ORDER BY 1, 2, 3
      ON CONFLICT ("orgId", "ruleId", severity) DO UPDATE SET "open" = t."open" + EXCLUDED."open";
    INSERT INTO "OrgSubtreeStat" AS t ("orgId", scored, "scoreSum", "previousSum")
      SELECT a.id, sum(d.n)::int, sum(d.n * d.score), sum(d.n * d.prev)
      FROM (SELECT c.new_path AS path, h.score, coalesce(h.previous, h.score) AS prev, h.reasons, 1 AS n FROM (SELECT n.id, n.active AS new_active, n.kind AS new_kind, n."ancestorIds" || n.id AS new_path,
              p.active AS old_active, p.kind AS old_kind, p."ancestorIds" || p.id AS old_path
            FROM new_rows n JOIN old_rows p ON p.id = n.id
            WHERE n.active IS DISTINCT FROM p.active OR n.kind IS DISTINCT FROM p.kind OR n."ancestorIds" IS DISTINCT FROM p."ancestorIds") c JOIN "OrgHealth" h ON h."orgId" = c.id WHERE h.score IS NOT NULL AND c.new_active AND c.new_kind IN ('BRANCH', 'JOINT_BRANCH') UNION ALL SELECT c.old_path, h.score, coalesce(h.previous, h.score), h.reasons, -1 FROM (SELECT n.id, n.active AS new_active, n.kind AS new_kind, n."ancestorIds" || n.id AS new_path,
              p.active AS old_active, p.kind AS old_kind, p."ancestorIds" || p.id AS old_path
            FROM new_rows n JOIN old_rows p ON p.id = n.id
            WHERE n.active IS DISTINCT FROM p.active OR n.kind IS DISTINCT FROM p.kind OR n."ancestorIds" IS DISTINCT FROM p."ancestorIds") c JOIN "OrgHealth" h ON h."orgId" = c.id WHERE h.score IS NOT NULL AND c.old_active AND c.old_kind IN ('BRANCH', 'JOINT_BRANCH')) d CROSS JOIN LATERAL unnest(d.path) AS a(id)
      GROUP BY 1 HAVING sum(d.n) <> 0 OR sum(d.n * d.score) <> 0 OR sum(d.n * d.prev) <> 0 ORDER BY 1
      ON CONFLICT ("orgId") DO UPDATE SET scored = t.scored + EXCLUDED.scored, "scoreSum" = t."scoreSum" + EXCLUDED."scoreSum", "previousSum" = t."previousSum" + EXCLUDED."previousSum";
    INSERT INTO "OrgSubtreeHealthReason" AS t ("orgId", "ruleId", level, count, "penaltySum")
      SELECT a.id, r->>'ruleId', r->>'level', sum(d.n)::int, sum(d.n * (r->>'penalty')::int)::int
      FROM (SELECT c.new_path AS path, h.score, coalesce(h.previous, h.score) AS prev, h.reasons, 1 AS n FROM (SELECT n.id, n.active AS new_active, n.kind AS new_kind, n."ancestorIds" || n.id AS new_path,
              p.active AS old_active, p.kind AS old_kind, p."ancestorIds" || p.id AS old_path
            FROM new_rows n JOIN old_rows p ON p.id = n.id
            WHERE n.active IS DISTINCT FROM p.active OR n.kind IS DISTINCT FROM p.kind OR n."ancestorIds" IS DISTINCT FROM p."ancestorIds") c JOIN "OrgHealth" h ON h."orgId" = c.id WHERE h.score IS NOT NULL AND c.new_active AND c.new_kind IN ('BRANCH', 'JOINT_BRANCH') UNION ALL SELECT c.old_path, h.score, coalesce(h.previous, h.score), h.reasons, -1 FROM (SELECT n.id, n.active AS new_active, n.kind AS new_kind, n."ancestorIds" || n.id AS new_path,
              p.active AS old_active, p.kind AS old_kind, p."ancestorIds" || p.id AS old_path
            FROM new_rows n JOIN old_rows p ON p.id = n.id
            WHERE n.active IS DISTINCT FROM p.active OR n.kind IS DISTINCT FROM p.kind OR n."ancestorIds" IS DISTINCT FROM p."ancestorIds") c JOIN "OrgHealth" h ON h."orgId" = c.id WHERE h.score IS NOT NULL AND c.old_active AND c.old_kind IN ('BRANCH', 'JOINT_BRANCH')) d CROSS JOIN LATERAL jsonb_array_elements(d.reasons) AS r CROSS JOIN LATERAL unnest(d.path) AS a(id)
      GROUP BY 1, 2, 3 HAVING sum(d.n) <> 0 OR sum(d.n * (r->>'penalty')::int) <> 0 ORDER BY 1, 2, 3
      ON CONFLICT ("orgId", "ruleId", level) DO UPDATE SET count = t.count + EXCLUDED.count, "penaltySum" = t."penaltySum" + EXCLUDED."penaltySum";
  END IF;
  RETURN NULL;
END $$;

CREATE TRIGGER "Warning_subtree_insert" AFTER INSERT ON "Warning" REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION "dangjian_subtree_warnings"();
CREATE TRIGGER "Warning_subtree_update" AFTER UPDATE ON "Warning" REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION "dangjian_subtree_warnings"();
CREATE TRIGGER "Warning_subtree_delete" AFTER DELETE ON "Warning" REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION "dangjian_subtree_warnings"();
CREATE TRIGGER "OrgHealth_subtree_insert" AFTER INSERT ON "OrgHealth" REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION "dangjian_subtree_health"();
CREATE TRIGGER "OrgHealth_subtree_update" AFTER UPDATE ON "OrgHealth" REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION "dangjian_subtree_health"();
CREATE TRIGGER "OrgHealth_subtree_delete" AFTER DELETE ON "OrgHealth" REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION "dangjian_subtree_health"();
CREATE TRIGGER "Org_subtree_insert" AFTER INSERT ON "Org" REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION "dangjian_subtree_orgs"();
CREATE TRIGGER "Org_subtree_update" AFTER UPDATE ON "Org" REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION "dangjian_subtree_orgs"();
CREATE TRIGGER "Org_subtree_delete" AFTER DELETE ON "Org" REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION "dangjian_subtree_orgs"();

-- Everything from the source tables: after a bulk load with triggers off, and now.
CREATE FUNCTION "dangjian_subtree_stats_rebuild"() RETURNS void LANGUAGE plpgsql AS $$
BEGIN
  DELETE FROM "OrgSubtreeStat";
  DELETE FROM "OrgSubtreeWarnings";
  DELETE FROM "OrgSubtreeHealthReason";
  INSERT INTO "OrgSubtreeStat" AS t ("orgId", branches)
      SELECT a.id, sum(d.n)::int FROM (SELECT o."ancestorIds" || o.id AS path, 1 AS n FROM "Org" o WHERE o.active AND o.kind IN ('BRANCH', 'JOINT_BRANCH')) d CROSS JOIN LATERAL unnest(d.path) AS a(id)
      GROUP BY 1 HAVING sum(d.n) <> 0 ORDER BY 1
      ON CONFLICT ("orgId") DO UPDATE SET branches = t.branches + EXCLUDED.branches;
  INSERT INTO "OrgSubtreeWarnings" AS t ("orgId", "ruleId", severity, "open")
      SELECT a.id, d."ruleId", d.severity, sum(d.n)::int
      FROM (SELECT o."ancestorIds" || o.id AS path, w."ruleId", w.severity, 1 AS n FROM "Warning" w JOIN "Org" o ON o.id = w."orgId" WHERE w.state IN ('FIRING', 'RECOVERING')) d CROSS JOIN LATERAL unnest(d.path) AS a(id)
      GROUP BY 1, 2, 3 HAVING sum(d.n) <> 0 ORDER BY 1, 2, 3
      ON CONFLICT ("orgId", "ruleId", severity) DO UPDATE SET "open" = t."open" + EXCLUDED."open";
  INSERT INTO "OrgSubtreeStat" AS t ("orgId", scored, "scoreSum", "previousSum")
      SELECT a.id, sum(d.n)::int, sum(d.n * d.score), sum(d.n * d.prev)
      FROM (SELECT o."ancestorIds" || o.id AS path, h.score, coalesce(h.previous, h.score) AS prev, h.reasons, 1 AS n FROM "OrgHealth" h JOIN "Org" o ON o.id = h."orgId" AND o.active AND o.kind IN ('BRANCH', 'JOINT_BRANCH') WHERE h.score IS NOT NULL) d CROSS JOIN LATERAL unnest(d.path) AS a(id)
      GROUP BY 1 HAVING sum(d.n) <> 0 OR sum(d.n * d.score) <> 0 OR sum(d.n * d.prev) <> 0 ORDER BY 1
      ON CONFLICT ("orgId") DO UPDATE SET scored = t.scored + EXCLUDED.scored, "scoreSum" = t."scoreSum" + EXCLUDED."scoreSum", "previousSum" = t."previousSum" + EXCLUDED."previousSum";
    INSERT INTO "OrgSubtreeHealthReason" AS t ("orgId", "ruleId", level, count, "penaltySum")
      SELECT a.id, r->>'ruleId', r->>'level', sum(d.n)::int, sum(d.n * (r->>'penalty')::int)::int
      FROM (SELECT o."ancestorIds" || o.id AS path, h.score, coalesce(h.previous, h.score) AS prev, h.reasons, 1 AS n FROM "OrgHealth" h JOIN "Org" o ON o.id = h."orgId" AND o.active AND o.kind IN ('BRANCH', 'JOINT_BRANCH') WHERE h.score IS NOT NULL) d CROSS JOIN LATERAL jsonb_array_elements(d.reasons) AS r CROSS JOIN LATERAL unnest(d.path) AS a(id)
      GROUP BY 1, 2, 3 HAVING sum(d.n) <> 0 OR sum(d.n * (r->>'penalty')::int) <> 0 ORDER BY 1, 2, 3
      ON CONFLICT ("orgId", "ruleId", level) DO UPDATE SET count = t.count + EXCLUDED.count, "penaltySum" = t."penaltySum" + EXCLUDED."penaltySum";
END $$;

SELECT "dangjian_subtree_stats_rebuild"();
