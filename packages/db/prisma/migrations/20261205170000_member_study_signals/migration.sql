-- AlterTable
ALTER TABLE "MemberActivity" ADD COLUMN     "lastCreditedOn" DATE,
ADD COLUMN     "officer" BOOLEAN NOT NULL DEFAULT false;

-- CreateTable
CREATE TABLE "MemberStudyYear" (
    "memberId" UUID NOT NULL,
    "year" INTEGER NOT NULL,
    "seconds" INTEGER NOT NULL,

    CONSTRAINT "MemberStudyYear_pkey" PRIMARY KEY ("memberId","year")
);

-- AddForeignKey
ALTER TABLE "MemberStudyYear" ADD CONSTRAINT "MemberStudyYear_memberId_fkey" FOREIGN KEY ("memberId") REFERENCES "Member"("id") ON DELETE CASCADE ON UPDATE CASCADE;


-- The member signals the full warning pass reads per member without aggregating (ADR 1069), kept by
-- triggers in the writer's transaction: a member's credited seconds per year, the latest day
-- credited, and whether they hold a current committee post other than group leader.

-- Study credits: seconds are additive, so each statement adds its rows' seconds (minus the old
-- rows' on update and delete) to the (member, year) sums in one upsert, in key order (two writers
-- crediting the same members lock the same rows in the same order). The latest day only moves
-- forward on insert; an update that moves a credit to another day or member, and a delete,
-- recompute it for the members they touched.
CREATE FUNCTION "dangjian_member_study"() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE ids uuid[];
BEGIN
  IF TG_OP = 'INSERT' THEN
    INSERT INTO "MemberStudyYear" ("memberId", year, seconds)
      SELECT "memberId", year, sum(seconds) FROM new_rows GROUP BY 1, 2 ORDER BY 1, 2
      ON CONFLICT ("memberId", year) DO UPDATE SET seconds = "MemberStudyYear".seconds + EXCLUDED.seconds;
    INSERT INTO "MemberActivity" ("memberId", "lastCreditedOn")
      SELECT "memberId", max("creditedOn") FROM new_rows GROUP BY 1 ORDER BY 1
      ON CONFLICT ("memberId") DO UPDATE SET "lastCreditedOn" = EXCLUDED."lastCreditedOn"
      WHERE "MemberActivity"."lastCreditedOn" IS NULL OR "MemberActivity"."lastCreditedOn" < EXCLUDED."lastCreditedOn";
    RETURN NULL;
  ELSIF TG_OP = 'UPDATE' THEN
    INSERT INTO "MemberStudyYear" ("memberId", year, seconds)
      SELECT "memberId", year, sum(s) FROM (SELECT "memberId", year, seconds AS s FROM new_rows
                                             UNION ALL SELECT "memberId", year, -seconds FROM old_rows) d
      GROUP BY 1, 2 ORDER BY 1, 2
      ON CONFLICT ("memberId", year) DO UPDATE SET seconds = "MemberStudyYear".seconds + EXCLUDED.seconds;
    ids := ARRAY(SELECT n."memberId" FROM new_rows n JOIN old_rows o ON o.id = n.id
                 WHERE n."creditedOn" IS DISTINCT FROM o."creditedOn" OR n."memberId" IS DISTINCT FROM o."memberId"
                 UNION SELECT o."memberId" FROM new_rows n JOIN old_rows o ON o.id = n.id
                 WHERE n."creditedOn" IS DISTINCT FROM o."creditedOn" OR n."memberId" IS DISTINCT FROM o."memberId");
  ELSE
    INSERT INTO "MemberStudyYear" ("memberId", year, seconds)
      SELECT "memberId", year, -sum(seconds) FROM old_rows GROUP BY 1, 2 ORDER BY 1, 2
      ON CONFLICT ("memberId", year) DO UPDATE SET seconds = "MemberStudyYear".seconds + EXCLUDED.seconds;
    ids := ARRAY(SELECT DISTINCT "memberId" FROM old_rows);
  END IF;
  IF cardinality(ids) > 0 THEN
    INSERT INTO "MemberActivity" ("memberId", "lastCreditedOn")
      SELECT m.id, (SELECT max(sc."creditedOn") FROM "StudyCredit" sc WHERE sc."memberId" = m.id)
      FROM "Member" m WHERE m.id = ANY(ids) ORDER BY m.id
      ON CONFLICT ("memberId") DO UPDATE SET "lastCreditedOn" = EXCLUDED."lastCreditedOn"
      WHERE "MemberActivity"."lastCreditedOn" IS DISTINCT FROM EXCLUDED."lastCreditedOn";
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
  INSERT INTO "MemberActivity" ("memberId", officer)
    SELECT m.id, EXISTS (SELECT 1 FROM "CommitteeRole" cr WHERE cr."memberId" = m.id AND cr."endsOn" IS NULL AND cr.post <> 'GROUP_LEADER')
    FROM "Member" m WHERE m.id = ANY(ids) ORDER BY m.id
    ON CONFLICT ("memberId") DO UPDATE SET officer = EXCLUDED.officer WHERE "MemberActivity".officer IS DISTINCT FROM EXCLUDED.officer;
  RETURN NULL;
END $$;

CREATE TRIGGER "StudyCredit_member_study_insert" AFTER INSERT ON "StudyCredit" REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION "dangjian_member_study"();
CREATE TRIGGER "StudyCredit_member_study_update" AFTER UPDATE ON "StudyCredit" REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION "dangjian_member_study"();
CREATE TRIGGER "StudyCredit_member_study_delete" AFTER DELETE ON "StudyCredit" REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION "dangjian_member_study"();
CREATE TRIGGER "CommitteeRole_member_officer_insert" AFTER INSERT ON "CommitteeRole" REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION "dangjian_member_officer"();
CREATE TRIGGER "CommitteeRole_member_officer_update" AFTER UPDATE ON "CommitteeRole" REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION "dangjian_member_officer"();
CREATE TRIGGER "CommitteeRole_member_officer_delete" AFTER DELETE ON "CommitteeRole" REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION "dangjian_member_officer"();

-- A truncated source leaves nothing to sum.
CREATE FUNCTION "dangjian_member_study_truncate"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  TRUNCATE "MemberStudyYear";
  UPDATE "MemberActivity" SET "lastCreditedOn" = NULL WHERE "lastCreditedOn" IS NOT NULL;
  RETURN NULL;
END $$;
CREATE FUNCTION "dangjian_member_officer_truncate"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  UPDATE "MemberActivity" SET officer = false WHERE officer;
  RETURN NULL;
END $$;
CREATE TRIGGER "StudyCredit_member_study_truncate" AFTER TRUNCATE ON "StudyCredit" FOR EACH STATEMENT EXECUTE FUNCTION "dangjian_member_study_truncate"();
CREATE TRIGGER "CommitteeRole_member_officer_truncate" AFTER TRUNCATE ON "CommitteeRole" FOR EACH STATEMENT EXECUTE FUNCTION "dangjian_member_officer_truncate"();

-- After a bulk load with triggers off (the benchmark's generator), and once here for the rows
-- that exist: everything at once from the source tables.
CREATE OR REPLACE FUNCTION "dangjian_member_activity_rebuild"() RETURNS void LANGUAGE sql AS $$
  TRUNCATE "MemberActivity";
  INSERT INTO "MemberActivity" ("memberId", "lastPaidMonth", "lastPaidAt", "lastPresentAt", "lastCreditedOn", officer)
  SELECT m.id, pm.last_month, pm.last_at, att.last, sc.last, off.id IS NOT NULL
  FROM "Member" m
  LEFT JOIN (SELECT dm."memberId" AS id, max(dm.month) AS last_month, max(p."paidAt") AS last_at
             FROM "DuesMonth" dm JOIN "DuesPayment" p ON p.id = dm."paymentId" GROUP BY dm."memberId") pm ON pm.id = m.id
  LEFT JOIN (SELECT a."memberId" AS id, max(coalesce(a."checkedInAt", mt."heldStart")) AS last
             FROM "Attendance" a JOIN "Meeting" mt ON mt.id = a."meetingId"
             WHERE a.status = 'PRESENT' AND mt.status = 'HELD' GROUP BY a."memberId") att ON att.id = m.id
  LEFT JOIN (SELECT "memberId" AS id, max("creditedOn") AS last FROM "StudyCredit" GROUP BY 1) sc ON sc.id = m.id
  LEFT JOIN (SELECT DISTINCT "memberId" AS id FROM "CommitteeRole" WHERE "endsOn" IS NULL AND post <> 'GROUP_LEADER') off ON off.id = m.id
  WHERE pm.id IS NOT NULL OR att.id IS NOT NULL OR sc.id IS NOT NULL OR off.id IS NOT NULL;
  TRUNCATE "MemberStudyYear";
  INSERT INTO "MemberStudyYear" ("memberId", year, seconds)
  SELECT "memberId", year, sum(seconds) FROM "StudyCredit" GROUP BY 1, 2;
$$;

-- The rows that exist now (lastContactAt is kept: it is written by its use case, not derived)
INSERT INTO "MemberStudyYear" ("memberId", year, seconds)
  SELECT "memberId", year, sum(seconds) FROM "StudyCredit" GROUP BY 1, 2;
INSERT INTO "MemberActivity" ("memberId", "lastCreditedOn", officer)
  SELECT m.id, sc.last, off.id IS NOT NULL
  FROM "Member" m
  LEFT JOIN (SELECT "memberId" AS id, max("creditedOn") AS last FROM "StudyCredit" GROUP BY 1) sc ON sc.id = m.id
  LEFT JOIN (SELECT DISTINCT "memberId" AS id FROM "CommitteeRole" WHERE "endsOn" IS NULL AND post <> 'GROUP_LEADER') off ON off.id = m.id
  WHERE sc.id IS NOT NULL OR off.id IS NOT NULL
  ON CONFLICT ("memberId") DO UPDATE SET "lastCreditedOn" = EXCLUDED."lastCreditedOn", officer = EXCLUDED.officer;
