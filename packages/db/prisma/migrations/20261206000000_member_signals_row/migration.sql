-- AlterTable
ALTER TABLE "MemberActivity" ADD COLUMN     "branchId" UUID,
ADD COLUMN     "current" BOOLEAN NOT NULL DEFAULT false,
ADD COLUMN     "joinedOn" DATE,
ADD COLUMN     "lastCreditedOn" DATE,
ADD COLUMN     "officer" BOOLEAN NOT NULL DEFAULT false,
ADD COLUMN     "studySeconds" INTEGER NOT NULL DEFAULT 0,
ADD COLUMN     "studyYear" INTEGER;


-- One row per member with everything the full warning pass judges a member by (ADR 1071): that
-- pass scans this table alone instead of joining six million members to their activity, study
-- credits and committee posts. Everything below is kept in the writer's transaction.

-- Every member has a row from the statement that inserts them. A row inserted without the member's
-- columns (any writer that creates one: the dues and attendance refresh, the contact use case)
-- is completed here from the source tables, so no insert path can leave a half row.
CREATE FUNCTION "dangjian_member_activity_fill"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  SELECT m."branchId", m."joinedOn", m.active AND m."leftOn" IS NULL
    INTO NEW."branchId", NEW."joinedOn", NEW.current
    FROM "Member" m WHERE m.id = NEW."memberId";
  SELECT max(sc.year), max(sc."creditedOn") INTO NEW."studyYear", NEW."lastCreditedOn"
    FROM "StudyCredit" sc WHERE sc."memberId" = NEW."memberId";
  NEW."studySeconds" := coalesce((SELECT sum(sc.seconds) FROM "StudyCredit" sc
                                  WHERE sc."memberId" = NEW."memberId" AND sc.year = NEW."studyYear"), 0);
  NEW.officer := EXISTS (SELECT 1 FROM "CommitteeRole" cr WHERE cr."memberId" = NEW."memberId"
                         AND cr."endsOn" IS NULL AND cr.post <> 'GROUP_LEADER');
  RETURN NEW;
END $$;

-- Members inserted get their row; a change of branch, joining day, activity or leaving is copied.
CREATE FUNCTION "dangjian_member_activity_member"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'INSERT' THEN
    INSERT INTO "MemberActivity" ("memberId") SELECT id FROM new_rows ORDER BY id ON CONFLICT DO NOTHING;
  ELSE
    UPDATE "MemberActivity" ma SET "branchId" = n."branchId", "joinedOn" = n."joinedOn", current = n.active AND n."leftOn" IS NULL
    FROM new_rows n
    WHERE ma."memberId" = n.id
      AND (ma."branchId" IS DISTINCT FROM n."branchId" OR ma."joinedOn" IS DISTINCT FROM n."joinedOn"
           OR ma.current IS DISTINCT FROM (n.active AND n."leftOn" IS NULL));
  END IF;
  RETURN NULL;
END $$;

-- Makes sure each of these members has a row (a missing one is inserted and filled from the source
-- tables above), locks them all in key order (two writers touching the same members wait for each
-- other instead of deadlocking), and returns the ones it inserted.
CREATE FUNCTION "dangjian_member_activity_ensure"(ids uuid[]) RETURNS uuid[] LANGUAGE plpgsql AS $$
DECLARE created uuid[];
BEGIN
  WITH c AS (INSERT INTO "MemberActivity" ("memberId") SELECT m.id FROM "Member" m WHERE m.id = ANY(ids) ORDER BY m.id
             ON CONFLICT DO NOTHING RETURNING "memberId")
  SELECT coalesce(array_agg("memberId"), '{}') INTO created FROM c;
  PERFORM 1 FROM "MemberActivity" WHERE "memberId" = ANY(ids) ORDER BY "memberId" FOR UPDATE;
  RETURN created;
END $$;

-- The study figures of some members recomputed from their credits (by the index on member and
-- year): the latest year credited, its seconds, and the latest day.
CREATE FUNCTION "dangjian_member_study_refresh"(ids uuid[]) RETURNS void LANGUAGE plpgsql AS $$
BEGIN
  IF ids IS NULL OR cardinality(ids) = 0 THEN RETURN; END IF;
  PERFORM "dangjian_member_activity_ensure"(ids);
  UPDATE "MemberActivity" ma SET "studyYear" = s.y, "studySeconds" = s.secs, "lastCreditedOn" = s.last
  FROM (SELECT i.id, y.y,
          coalesce((SELECT sum(sc.seconds) FROM "StudyCredit" sc WHERE sc."memberId" = i.id AND sc.year = y.y), 0)::int AS secs,
          (SELECT max(sc."creditedOn") FROM "StudyCredit" sc WHERE sc."memberId" = i.id) AS last
        FROM (SELECT DISTINCT unnest(ids) AS id) i
        CROSS JOIN LATERAL (SELECT max(sc.year) AS y FROM "StudyCredit" sc WHERE sc."memberId" = i.id) y) s
  WHERE ma."memberId" = s.id;
END $$;

-- Study credits. Inserted credits (the heartbeat flush, exams, offline training) and seconds added
-- to the same credit (the flush's upsert) are added to the kept figures without reading any other
-- credit; a credit moved to another member, year or day, and a deleted one, recompute the members
-- they touched.
CREATE FUNCTION "dangjian_member_study"() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE created uuid[];
BEGIN
  IF TG_OP = 'INSERT' THEN
    created := "dangjian_member_activity_ensure"(ARRAY(SELECT DISTINCT "memberId" FROM new_rows));
    -- per member, the latest year among the new credits and its seconds, and the latest day; a row
    -- created just above was filled from the credits, these included, so it is left as it is
    UPDATE "MemberActivity" ma SET
      "studySeconds" = CASE WHEN ma."studyYear" IS NULL OR t.y > ma."studyYear" THEN t.secs
                            WHEN t.y = ma."studyYear" THEN ma."studySeconds" + t.secs
                            ELSE ma."studySeconds" END,
      "studyYear" = greatest(ma."studyYear", t.y),
      "lastCreditedOn" = greatest(ma."lastCreditedOn", t.last)
    FROM (SELECT DISTINCT ON (g.id) g.id, g.year AS y, g.secs, max(g.last) OVER (PARTITION BY g.id) AS last
          FROM (SELECT "memberId" AS id, year, sum(seconds)::int AS secs, max("creditedOn") AS last FROM new_rows GROUP BY 1, 2) g
          ORDER BY g.id, g.year DESC) t
    WHERE ma."memberId" = t.id AND NOT (t.id = ANY(created));
  ELSIF TG_OP = 'UPDATE' THEN
    IF EXISTS (SELECT 1 FROM new_rows n JOIN old_rows o ON o.id = n.id
               WHERE n."memberId" IS DISTINCT FROM o."memberId" OR n.year IS DISTINCT FROM o.year
                  OR n."creditedOn" IS DISTINCT FROM o."creditedOn") THEN
      PERFORM "dangjian_member_study_refresh"(ARRAY(SELECT "memberId" FROM new_rows UNION SELECT "memberId" FROM old_rows));
    ELSE
      created := "dangjian_member_activity_ensure"(ARRAY(SELECT DISTINCT "memberId" FROM new_rows));
      -- only seconds changed: the difference counts if it is in the latest year credited
      UPDATE "MemberActivity" ma SET "studySeconds" = ma."studySeconds" + d.secs
      FROM (SELECT n."memberId" AS id, n.year, sum(n.seconds - o.seconds)::int AS secs
            FROM new_rows n JOIN old_rows o ON o.id = n.id GROUP BY 1, 2) d
      WHERE ma."memberId" = d.id AND ma."studyYear" = d.year AND d.secs <> 0 AND NOT (d.id = ANY(created));
    END IF;
  ELSE
    PERFORM "dangjian_member_study_refresh"(ARRAY(SELECT DISTINCT "memberId" FROM old_rows));
  END IF;
  RETURN NULL;
END $$;

-- Committee posts: the members whose posts the statement touched get their flag recomputed.
CREATE FUNCTION "dangjian_member_officer"() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE ids uuid[];
BEGIN
  IF TG_OP = 'INSERT' THEN ids := ARRAY(SELECT DISTINCT "memberId" FROM new_rows);
  ELSIF TG_OP = 'UPDATE' THEN ids := ARRAY(SELECT "memberId" FROM new_rows UNION SELECT "memberId" FROM old_rows);
  ELSE ids := ARRAY(SELECT DISTINCT "memberId" FROM old_rows);
  END IF;
  PERFORM "dangjian_member_activity_ensure"(ids);
  UPDATE "MemberActivity" ma
  SET officer = EXISTS (SELECT 1 FROM "CommitteeRole" cr WHERE cr."memberId" = ma."memberId" AND cr."endsOn" IS NULL AND cr.post <> 'GROUP_LEADER')
  WHERE ma."memberId" = ANY(ids);
  RETURN NULL;
END $$;

-- A truncated source leaves nothing to count.
CREATE FUNCTION "dangjian_member_study_truncate"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  UPDATE "MemberActivity" SET "studyYear" = NULL, "studySeconds" = 0, "lastCreditedOn" = NULL
  WHERE "studyYear" IS NOT NULL OR "lastCreditedOn" IS NOT NULL OR "studySeconds" <> 0;
  RETURN NULL;
END $$;
CREATE FUNCTION "dangjian_member_officer_truncate"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  UPDATE "MemberActivity" SET officer = false WHERE officer;
  RETURN NULL;
END $$;

-- After a bulk load with triggers off (the benchmark's generator), and once below for the rows that
-- exist: every member's row at once from the source tables.
CREATE OR REPLACE FUNCTION "dangjian_member_activity_rebuild"() RETURNS void LANGUAGE sql AS $$
  TRUNCATE "MemberActivity";
  INSERT INTO "MemberActivity" ("memberId", "lastPaidMonth", "lastPaidAt", "lastPresentAt", "branchId", "joinedOn", current,
                                "studyYear", "studySeconds", "lastCreditedOn", officer)
  SELECT m.id, pm.last_month, pm.last_at, att.last, m."branchId", m."joinedOn", m.active AND m."leftOn" IS NULL,
         sc.y, coalesce(sc.secs, 0), sc.last, off.id IS NOT NULL
  FROM "Member" m
  LEFT JOIN (SELECT dm."memberId" AS id, max(dm.month) AS last_month, max(p."paidAt") AS last_at
             FROM "DuesMonth" dm JOIN "DuesPayment" p ON p.id = dm."paymentId" GROUP BY dm."memberId") pm ON pm.id = m.id
  LEFT JOIN (SELECT a."memberId" AS id, max(coalesce(a."checkedInAt", mt."heldStart")) AS last
             FROM "Attendance" a JOIN "Meeting" mt ON mt.id = a."meetingId"
             WHERE a.status = 'PRESENT' AND mt.status = 'HELD' GROUP BY a."memberId") att ON att.id = m.id
  LEFT JOIN (SELECT id, max(year) AS y, (array_agg(secs ORDER BY year DESC))[1] AS secs, max(last) AS last
             FROM (SELECT "memberId" AS id, year, sum(seconds)::int AS secs, max("creditedOn") AS last FROM "StudyCredit" GROUP BY 1, 2) py
             GROUP BY id) sc ON sc.id = m.id
  LEFT JOIN (SELECT DISTINCT "memberId" AS id FROM "CommitteeRole" WHERE "endsOn" IS NULL AND post <> 'GROUP_LEADER') off ON off.id = m.id;
$$;

-- The rows that exist now, completed (lastContactAt is kept: its use case writes it), and a row for
-- every member without one.
INSERT INTO "MemberActivity" ("memberId", "lastPaidMonth", "lastPaidAt", "lastPresentAt", "branchId", "joinedOn", current,
                              "studyYear", "studySeconds", "lastCreditedOn", officer)
SELECT m.id, ma."lastPaidMonth", ma."lastPaidAt", ma."lastPresentAt", m."branchId", m."joinedOn", m.active AND m."leftOn" IS NULL,
       sc.y, coalesce(sc.secs, 0), sc.last, off.id IS NOT NULL
FROM "Member" m
LEFT JOIN "MemberActivity" ma ON ma."memberId" = m.id
LEFT JOIN (SELECT id, max(year) AS y, (array_agg(secs ORDER BY year DESC))[1] AS secs, max(last) AS last
           FROM (SELECT "memberId" AS id, year, sum(seconds)::int AS secs, max("creditedOn") AS last FROM "StudyCredit" GROUP BY 1, 2) py
           GROUP BY id) sc ON sc.id = m.id
LEFT JOIN (SELECT DISTINCT "memberId" AS id FROM "CommitteeRole" WHERE "endsOn" IS NULL AND post <> 'GROUP_LEADER') off ON off.id = m.id
ON CONFLICT ("memberId") DO UPDATE SET "branchId" = EXCLUDED."branchId", "joinedOn" = EXCLUDED."joinedOn", current = EXCLUDED.current,
  "studyYear" = EXCLUDED."studyYear", "studySeconds" = EXCLUDED."studySeconds", "lastCreditedOn" = EXCLUDED."lastCreditedOn",
  officer = EXCLUDED.officer;

-- the triggers, after the rows above were written set-based
CREATE TRIGGER "MemberActivity_fill" BEFORE INSERT ON "MemberActivity" FOR EACH ROW WHEN (NEW."branchId" IS NULL)
  EXECUTE FUNCTION "dangjian_member_activity_fill"();
CREATE TRIGGER "Member_activity_insert" AFTER INSERT ON "Member" REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION "dangjian_member_activity_member"();
CREATE TRIGGER "Member_activity_update" AFTER UPDATE ON "Member" REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION "dangjian_member_activity_member"();
CREATE TRIGGER "StudyCredit_member_study_insert" AFTER INSERT ON "StudyCredit" REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION "dangjian_member_study"();
CREATE TRIGGER "StudyCredit_member_study_update" AFTER UPDATE ON "StudyCredit" REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION "dangjian_member_study"();
CREATE TRIGGER "StudyCredit_member_study_delete" AFTER DELETE ON "StudyCredit" REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION "dangjian_member_study"();
CREATE TRIGGER "StudyCredit_member_study_truncate" AFTER TRUNCATE ON "StudyCredit" FOR EACH STATEMENT EXECUTE FUNCTION "dangjian_member_study_truncate"();
CREATE TRIGGER "CommitteeRole_member_officer_insert" AFTER INSERT ON "CommitteeRole" REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION "dangjian_member_officer"();
CREATE TRIGGER "CommitteeRole_member_officer_update" AFTER UPDATE ON "CommitteeRole" REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION "dangjian_member_officer"();
CREATE TRIGGER "CommitteeRole_member_officer_delete" AFTER DELETE ON "CommitteeRole" REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION "dangjian_member_officer"();
CREATE TRIGGER "CommitteeRole_member_officer_truncate" AFTER TRUNCATE ON "CommitteeRole" FOR EACH STATEMENT EXECUTE FUNCTION "dangjian_member_officer_truncate"();
