-- Study credits written cheaper (heartbeat ingest, ADR 1071).
--
-- A row inserted without the member's columns is completed by the BEFORE INSERT trigger
-- (20261206000000_member_signals_row), and a BEFORE trigger runs before ON CONFLICT finds the row
-- already there: "insert, do nothing on conflict" for members who have a row ran the four lookups
-- of the completion for each of them on every study credit, dues month and attendance
-- (heartbeat ingest fell by a quarter to a half). Only members without a row are inserted now.

CREATE OR REPLACE FUNCTION "dangjian_member_activity_ensure"(ids uuid[]) RETURNS uuid[] LANGUAGE plpgsql AS $$
DECLARE created uuid[];
BEGIN
  WITH c AS (INSERT INTO "MemberActivity" ("memberId")
             SELECT m.id FROM "Member" m
             WHERE m.id = ANY(ids) AND NOT EXISTS (SELECT 1 FROM "MemberActivity" a WHERE a."memberId" = m.id)
             ORDER BY m.id
             ON CONFLICT DO NOTHING RETURNING "memberId")
  SELECT coalesce(array_agg("memberId"), '{}') INTO created FROM c;
  PERFORM 1 FROM "MemberActivity" WHERE "memberId" = ANY(ids) ORDER BY "memberId" FOR UPDATE;
  RETURN created;
END $$;

CREATE OR REPLACE FUNCTION "dangjian_member_activity_refresh"(ids uuid[]) RETURNS void LANGUAGE plpgsql AS $$
BEGIN
  IF ids IS NULL OR cardinality(ids) = 0 THEN RETURN; END IF;
  PERFORM "dangjian_member_activity_ensure"(ids);
  UPDATE "MemberActivity" ma SET
    "lastPaidMonth" = (SELECT max(dm.month) FROM "DuesMonth" dm WHERE dm."memberId" = ma."memberId"),
    "lastPaidAt" = (SELECT max(p."paidAt") FROM "DuesMonth" dm JOIN "DuesPayment" p ON p.id = dm."paymentId" WHERE dm."memberId" = ma."memberId"),
    "lastPresentAt" = (SELECT max(coalesce(a."checkedInAt", mt."heldStart")) FROM "Attendance" a JOIN "Meeting" mt ON mt.id = a."meetingId"
                       WHERE a."memberId" = ma."memberId" AND a.status = 'PRESENT' AND mt.status = 'HELD')
  WHERE ma."memberId" = ANY(ids);
END $$;

-- The study trigger without joining its transition tables to each other (they have no index: 400
-- re-credited members made 160,000 comparisons, twice): a moved credit is found with EXCEPT, and
-- the seconds added per member and year are the new rows' sum minus the old rows'.
CREATE OR REPLACE FUNCTION "dangjian_member_study"() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE created uuid[];
BEGIN
  IF TG_OP = 'INSERT' THEN
    created := "dangjian_member_activity_ensure"(ARRAY(SELECT DISTINCT "memberId" FROM new_rows));
    -- per member, the latest year among the new credits and its seconds, and the latest day; a row
    -- created just above was filled from the credits, these included, so it is left as it is
    PERFORM set_config('dangjian.study_kept', 'on', true);
    UPDATE "MemberActivity" ma SET
      "studySeconds" = CASE WHEN ma."studyYear" IS NULL OR t.y > ma."studyYear" THEN t.secs
                            WHEN t.y = ma."studyYear" THEN ma."studySeconds" + t.secs
                            ELSE ma."studySeconds" END,
      "studyYear" = greatest(ma."studyYear", t.y),
      "lastCreditedOn" = greatest(ma."lastCreditedOn", t.last)
    FROM (SELECT DISTINCT ON (g.id) g.id, g.year AS y, g.secs, max(g.last) OVER (PARTITION BY g.id) AS last
          FROM (SELECT "memberId" AS id, year, sum(seconds)::int AS secs, max("creditedOn") AS last FROM new_rows GROUP BY 1, 2) g
          ORDER BY g.id, g.year DESC) t
    WHERE ma."memberId" = t.id AND (cardinality(created) = 0 OR NOT (t.id = ANY(created)));
    PERFORM set_config('dangjian.study_kept', 'off', true);
  ELSIF TG_OP = 'UPDATE' THEN
    IF EXISTS (SELECT id, "memberId", year, "creditedOn" FROM new_rows
               EXCEPT SELECT id, "memberId", year, "creditedOn" FROM old_rows) THEN
      PERFORM "dangjian_member_study_refresh"(ARRAY(SELECT "memberId" FROM new_rows UNION SELECT "memberId" FROM old_rows));
    ELSE
      created := "dangjian_member_activity_ensure"(ARRAY(SELECT DISTINCT "memberId" FROM new_rows));
      -- only seconds changed: the difference counts if it is in the latest year credited
      PERFORM set_config('dangjian.study_kept', 'on', true);
      UPDATE "MemberActivity" ma SET "studySeconds" = ma."studySeconds" + d.secs
      FROM (SELECT id, year, sum(s)::int AS secs
            FROM (SELECT "memberId" AS id, year, seconds AS s FROM new_rows
                  UNION ALL SELECT "memberId", year, -seconds FROM old_rows) x
            GROUP BY 1, 2) d
      WHERE ma."memberId" = d.id AND ma."studyYear" = d.year AND d.secs <> 0
        AND (cardinality(created) = 0 OR NOT (d.id = ANY(created)));
      PERFORM set_config('dangjian.study_kept', 'off', true);
    END IF;
  ELSE
    PERFORM "dangjian_member_study_refresh"(ARRAY(SELECT DISTINCT "memberId" FROM old_rows));
  END IF;
  RETURN NULL;
END $$;

-- The kept study figures changing is no news for the nightly pass: the credits' own trigger has
-- marked the same members' branches already (the study trigger sets dangjian.study_kept around
-- its updates; an update of the row by anything else still marks them).
CREATE OR REPLACE FUNCTION "dangjian_warning_dirty_member"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_TABLE_NAME = 'MemberActivity' AND current_setting('dangjian.study_kept', true) = 'on' THEN RETURN NULL; END IF;
  IF TG_OP = 'INSERT' THEN
    PERFORM "dangjian_warning_mark"(ARRAY(SELECT m."branchId" FROM "Member" m WHERE m.id IN (SELECT "memberId" FROM new_rows)));
  ELSIF TG_OP = 'UPDATE' THEN
    PERFORM "dangjian_warning_mark"(ARRAY(SELECT m."branchId" FROM "Member" m
      WHERE m.id IN (SELECT "memberId" FROM new_rows UNION SELECT "memberId" FROM old_rows)));
  ELSE
    PERFORM "dangjian_warning_mark"(ARRAY(SELECT m."branchId" FROM "Member" m WHERE m.id IN (SELECT "memberId" FROM old_rows)));
  END IF;
  RETURN NULL;
END $$;
