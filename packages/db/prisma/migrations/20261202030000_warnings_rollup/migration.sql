-- CreateTable
CREATE TABLE "OrgRollupMonth" (
    "orgId" UUID NOT NULL,
    "month" DATE NOT NULL,
    "orgCount" INTEGER NOT NULL DEFAULT 0,
    "memberCount" INTEGER NOT NULL DEFAULT 0,
    "branchAssemblyHeld" INTEGER NOT NULL DEFAULT 0,
    "committeeMeetingHeld" INTEGER NOT NULL DEFAULT 0,
    "partyLectureHeld" INTEGER NOT NULL DEFAULT 0,
    "themeDayHeld" INTEGER NOT NULL DEFAULT 0,
    "otherMeetingsHeld" INTEGER NOT NULL DEFAULT 0,
    "attendanceExpected" INTEGER NOT NULL DEFAULT 0,
    "attendancePresent" INTEGER NOT NULL DEFAULT 0,
    "attendanceLeave" INTEGER NOT NULL DEFAULT 0,
    "duesDueFen" BIGINT NOT NULL DEFAULT 0,
    "duesPaidFen" BIGINT NOT NULL DEFAULT 0,
    "membersDue" INTEGER NOT NULL DEFAULT 0,
    "membersPaid" INTEGER NOT NULL DEFAULT 0,
    "studySeconds" BIGINT NOT NULL DEFAULT 0,
    "orgsWithThemeDay" INTEGER NOT NULL DEFAULT 0,

    CONSTRAINT "OrgRollupMonth_pkey" PRIMARY KEY ("orgId","month")
);

-- CreateTable
CREATE TABLE "OrgHealth" (
    "orgId" UUID NOT NULL,
    "score" INTEGER,
    "previous" INTEGER,
    "reasons" JSONB NOT NULL DEFAULT '[]',
    "evaluatedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "OrgHealth_pkey" PRIMARY KEY ("orgId")
);

-- AddForeignKey
ALTER TABLE "OrgRollupMonth" ADD CONSTRAINT "OrgRollupMonth_orgId_fkey" FOREIGN KEY ("orgId") REFERENCES "Org"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "OrgHealth" ADD CONSTRAINT "OrgHealth_orgId_fkey" FOREIGN KEY ("orgId") REFERENCES "Org"("id") ON DELETE RESTRICT ON UPDATE CASCADE;


-- Keep OrgRollupMonth (subtree sums per month) current: every change to OrgMonthFact adds its
-- difference to the rows of the organisation and all its ancestors, set-based per statement
-- (transition tables), so the outbox drain and bulk loads pay one grouped upsert per statement.
CREATE OR REPLACE FUNCTION "dangjian_rollup_insert"() RETURNS trigger AS $$
BEGIN
  INSERT INTO "OrgRollupMonth" AS t ("orgId", month, "orgCount", "memberCount", "branchAssemblyHeld", "committeeMeetingHeld", "partyLectureHeld", "themeDayHeld", "otherMeetingsHeld", "attendanceExpected", "attendancePresent", "attendanceLeave", "duesDueFen", "duesPaidFen", "membersDue", "membersPaid", "studySeconds", "orgsWithThemeDay")
    SELECT a.id, d.month, sum(d."orgCount"), sum(d."memberCount"), sum(d."branchAssemblyHeld"), sum(d."committeeMeetingHeld"), sum(d."partyLectureHeld"), sum(d."themeDayHeld"), sum(d."otherMeetingsHeld"), sum(d."attendanceExpected"), sum(d."attendancePresent"), sum(d."attendanceLeave"), sum(d."duesDueFen"), sum(d."duesPaidFen"), sum(d."membersDue"), sum(d."membersPaid"), sum(d."studySeconds"), sum(d."orgsWithThemeDay")
    FROM (SELECT r."orgId", r.month, 1 AS "orgCount", 1 * r."memberCount"::bigint AS "memberCount", 1 * r."branchAssemblyHeld"::bigint AS "branchAssemblyHeld", 1 * r."committeeMeetingHeld"::bigint AS "committeeMeetingHeld", 1 * r."partyLectureHeld"::bigint AS "partyLectureHeld", 1 * r."themeDayHeld"::bigint AS "themeDayHeld", 1 * r."otherMeetingsHeld"::bigint AS "otherMeetingsHeld", 1 * r."attendanceExpected"::bigint AS "attendanceExpected", 1 * r."attendancePresent"::bigint AS "attendancePresent", 1 * r."attendanceLeave"::bigint AS "attendanceLeave", 1 * r."duesDueFen"::bigint AS "duesDueFen", 1 * r."duesPaidFen"::bigint AS "duesPaidFen", 1 * r."membersDue"::bigint AS "membersDue", 1 * r."membersPaid"::bigint AS "membersPaid", 1 * r."studySeconds"::bigint AS "studySeconds", 1 * (r."themeDayHeld" > 0)::int AS "orgsWithThemeDay" FROM new_rows r) d
    JOIN "Org" o ON o.id = d."orgId"
    CROSS JOIN LATERAL unnest(o."ancestorIds" || o.id) AS a(id)
    GROUP BY a.id, d.month
    ON CONFLICT ("orgId", month) DO UPDATE SET "orgCount" = t."orgCount" + EXCLUDED."orgCount", "memberCount" = t."memberCount" + EXCLUDED."memberCount", "branchAssemblyHeld" = t."branchAssemblyHeld" + EXCLUDED."branchAssemblyHeld", "committeeMeetingHeld" = t."committeeMeetingHeld" + EXCLUDED."committeeMeetingHeld", "partyLectureHeld" = t."partyLectureHeld" + EXCLUDED."partyLectureHeld", "themeDayHeld" = t."themeDayHeld" + EXCLUDED."themeDayHeld", "otherMeetingsHeld" = t."otherMeetingsHeld" + EXCLUDED."otherMeetingsHeld", "attendanceExpected" = t."attendanceExpected" + EXCLUDED."attendanceExpected", "attendancePresent" = t."attendancePresent" + EXCLUDED."attendancePresent", "attendanceLeave" = t."attendanceLeave" + EXCLUDED."attendanceLeave", "duesDueFen" = t."duesDueFen" + EXCLUDED."duesDueFen", "duesPaidFen" = t."duesPaidFen" + EXCLUDED."duesPaidFen", "membersDue" = t."membersDue" + EXCLUDED."membersDue", "membersPaid" = t."membersPaid" + EXCLUDED."membersPaid", "studySeconds" = t."studySeconds" + EXCLUDED."studySeconds", "orgsWithThemeDay" = t."orgsWithThemeDay" + EXCLUDED."orgsWithThemeDay";
  RETURN NULL;
END;
$$ LANGUAGE plpgsql;

CREATE OR REPLACE FUNCTION "dangjian_rollup_update"() RETURNS trigger AS $$
BEGIN
  INSERT INTO "OrgRollupMonth" AS t ("orgId", month, "orgCount", "memberCount", "branchAssemblyHeld", "committeeMeetingHeld", "partyLectureHeld", "themeDayHeld", "otherMeetingsHeld", "attendanceExpected", "attendancePresent", "attendanceLeave", "duesDueFen", "duesPaidFen", "membersDue", "membersPaid", "studySeconds", "orgsWithThemeDay")
    SELECT a.id, d.month, sum(d."orgCount"), sum(d."memberCount"), sum(d."branchAssemblyHeld"), sum(d."committeeMeetingHeld"), sum(d."partyLectureHeld"), sum(d."themeDayHeld"), sum(d."otherMeetingsHeld"), sum(d."attendanceExpected"), sum(d."attendancePresent"), sum(d."attendanceLeave"), sum(d."duesDueFen"), sum(d."duesPaidFen"), sum(d."membersDue"), sum(d."membersPaid"), sum(d."studySeconds"), sum(d."orgsWithThemeDay")
    FROM (SELECT r."orgId", r.month, 1 AS "orgCount", 1 * r."memberCount"::bigint AS "memberCount", 1 * r."branchAssemblyHeld"::bigint AS "branchAssemblyHeld", 1 * r."committeeMeetingHeld"::bigint AS "committeeMeetingHeld", 1 * r."partyLectureHeld"::bigint AS "partyLectureHeld", 1 * r."themeDayHeld"::bigint AS "themeDayHeld", 1 * r."otherMeetingsHeld"::bigint AS "otherMeetingsHeld", 1 * r."attendanceExpected"::bigint AS "attendanceExpected", 1 * r."attendancePresent"::bigint AS "attendancePresent", 1 * r."attendanceLeave"::bigint AS "attendanceLeave", 1 * r."duesDueFen"::bigint AS "duesDueFen", 1 * r."duesPaidFen"::bigint AS "duesPaidFen", 1 * r."membersDue"::bigint AS "membersDue", 1 * r."membersPaid"::bigint AS "membersPaid", 1 * r."studySeconds"::bigint AS "studySeconds", 1 * (r."themeDayHeld" > 0)::int AS "orgsWithThemeDay" FROM new_rows r UNION ALL SELECT r."orgId", r.month, -1 AS "orgCount", -1 * r."memberCount"::bigint AS "memberCount", -1 * r."branchAssemblyHeld"::bigint AS "branchAssemblyHeld", -1 * r."committeeMeetingHeld"::bigint AS "committeeMeetingHeld", -1 * r."partyLectureHeld"::bigint AS "partyLectureHeld", -1 * r."themeDayHeld"::bigint AS "themeDayHeld", -1 * r."otherMeetingsHeld"::bigint AS "otherMeetingsHeld", -1 * r."attendanceExpected"::bigint AS "attendanceExpected", -1 * r."attendancePresent"::bigint AS "attendancePresent", -1 * r."attendanceLeave"::bigint AS "attendanceLeave", -1 * r."duesDueFen"::bigint AS "duesDueFen", -1 * r."duesPaidFen"::bigint AS "duesPaidFen", -1 * r."membersDue"::bigint AS "membersDue", -1 * r."membersPaid"::bigint AS "membersPaid", -1 * r."studySeconds"::bigint AS "studySeconds", -1 * (r."themeDayHeld" > 0)::int AS "orgsWithThemeDay" FROM old_rows r) d
    JOIN "Org" o ON o.id = d."orgId"
    CROSS JOIN LATERAL unnest(o."ancestorIds" || o.id) AS a(id)
    GROUP BY a.id, d.month
    ON CONFLICT ("orgId", month) DO UPDATE SET "orgCount" = t."orgCount" + EXCLUDED."orgCount", "memberCount" = t."memberCount" + EXCLUDED."memberCount", "branchAssemblyHeld" = t."branchAssemblyHeld" + EXCLUDED."branchAssemblyHeld", "committeeMeetingHeld" = t."committeeMeetingHeld" + EXCLUDED."committeeMeetingHeld", "partyLectureHeld" = t."partyLectureHeld" + EXCLUDED."partyLectureHeld", "themeDayHeld" = t."themeDayHeld" + EXCLUDED."themeDayHeld", "otherMeetingsHeld" = t."otherMeetingsHeld" + EXCLUDED."otherMeetingsHeld", "attendanceExpected" = t."attendanceExpected" + EXCLUDED."attendanceExpected", "attendancePresent" = t."attendancePresent" + EXCLUDED."attendancePresent", "attendanceLeave" = t."attendanceLeave" + EXCLUDED."attendanceLeave", "duesDueFen" = t."duesDueFen" + EXCLUDED."duesDueFen", "duesPaidFen" = t."duesPaidFen" + EXCLUDED."duesPaidFen", "membersDue" = t."membersDue" + EXCLUDED."membersDue", "membersPaid" = t."membersPaid" + EXCLUDED."membersPaid", "studySeconds" = t."studySeconds" + EXCLUDED."studySeconds", "orgsWithThemeDay" = t."orgsWithThemeDay" + EXCLUDED."orgsWithThemeDay";
  RETURN NULL;
END;
$$ LANGUAGE plpgsql;

CREATE OR REPLACE FUNCTION "dangjian_rollup_delete"() RETURNS trigger AS $$
BEGIN
  INSERT INTO "OrgRollupMonth" AS t ("orgId", month, "orgCount", "memberCount", "branchAssemblyHeld", "committeeMeetingHeld", "partyLectureHeld", "themeDayHeld", "otherMeetingsHeld", "attendanceExpected", "attendancePresent", "attendanceLeave", "duesDueFen", "duesPaidFen", "membersDue", "membersPaid", "studySeconds", "orgsWithThemeDay")
    SELECT a.id, d.month, sum(d."orgCount"), sum(d."memberCount"), sum(d."branchAssemblyHeld"), sum(d."committeeMeetingHeld"), sum(d."partyLectureHeld"), sum(d."themeDayHeld"), sum(d."otherMeetingsHeld"), sum(d."attendanceExpected"), sum(d."attendancePresent"), sum(d."attendanceLeave"), sum(d."duesDueFen"), sum(d."duesPaidFen"), sum(d."membersDue"), sum(d."membersPaid"), sum(d."studySeconds"), sum(d."orgsWithThemeDay")
    FROM (SELECT r."orgId", r.month, -1 AS "orgCount", -1 * r."memberCount"::bigint AS "memberCount", -1 * r."branchAssemblyHeld"::bigint AS "branchAssemblyHeld", -1 * r."committeeMeetingHeld"::bigint AS "committeeMeetingHeld", -1 * r."partyLectureHeld"::bigint AS "partyLectureHeld", -1 * r."themeDayHeld"::bigint AS "themeDayHeld", -1 * r."otherMeetingsHeld"::bigint AS "otherMeetingsHeld", -1 * r."attendanceExpected"::bigint AS "attendanceExpected", -1 * r."attendancePresent"::bigint AS "attendancePresent", -1 * r."attendanceLeave"::bigint AS "attendanceLeave", -1 * r."duesDueFen"::bigint AS "duesDueFen", -1 * r."duesPaidFen"::bigint AS "duesPaidFen", -1 * r."membersDue"::bigint AS "membersDue", -1 * r."membersPaid"::bigint AS "membersPaid", -1 * r."studySeconds"::bigint AS "studySeconds", -1 * (r."themeDayHeld" > 0)::int AS "orgsWithThemeDay" FROM old_rows r) d
    JOIN "Org" o ON o.id = d."orgId"
    CROSS JOIN LATERAL unnest(o."ancestorIds" || o.id) AS a(id)
    GROUP BY a.id, d.month
    ON CONFLICT ("orgId", month) DO UPDATE SET "orgCount" = t."orgCount" + EXCLUDED."orgCount", "memberCount" = t."memberCount" + EXCLUDED."memberCount", "branchAssemblyHeld" = t."branchAssemblyHeld" + EXCLUDED."branchAssemblyHeld", "committeeMeetingHeld" = t."committeeMeetingHeld" + EXCLUDED."committeeMeetingHeld", "partyLectureHeld" = t."partyLectureHeld" + EXCLUDED."partyLectureHeld", "themeDayHeld" = t."themeDayHeld" + EXCLUDED."themeDayHeld", "otherMeetingsHeld" = t."otherMeetingsHeld" + EXCLUDED."otherMeetingsHeld", "attendanceExpected" = t."attendanceExpected" + EXCLUDED."attendanceExpected", "attendancePresent" = t."attendancePresent" + EXCLUDED."attendancePresent", "attendanceLeave" = t."attendanceLeave" + EXCLUDED."attendanceLeave", "duesDueFen" = t."duesDueFen" + EXCLUDED."duesDueFen", "duesPaidFen" = t."duesPaidFen" + EXCLUDED."duesPaidFen", "membersDue" = t."membersDue" + EXCLUDED."membersDue", "membersPaid" = t."membersPaid" + EXCLUDED."membersPaid", "studySeconds" = t."studySeconds" + EXCLUDED."studySeconds", "orgsWithThemeDay" = t."orgsWithThemeDay" + EXCLUDED."orgsWithThemeDay";
  RETURN NULL;
END;
$$ LANGUAGE plpgsql;

CREATE TRIGGER "OrgMonthFact_rollup_insert" AFTER INSERT ON "OrgMonthFact" REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION "dangjian_rollup_insert"();
CREATE TRIGGER "OrgMonthFact_rollup_update" AFTER UPDATE ON "OrgMonthFact" REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION "dangjian_rollup_update"();
CREATE TRIGGER "OrgMonthFact_rollup_delete" AFTER DELETE ON "OrgMonthFact" REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION "dangjian_rollup_delete"();

-- After editing the tree (ancestorIds change) or a bulk load with triggers disabled: rebuild.
CREATE OR REPLACE FUNCTION "dangjian_rollup_rebuild"() RETURNS void AS $$
BEGIN
  DELETE FROM "OrgRollupMonth";
  INSERT INTO "OrgRollupMonth" AS t ("orgId", month, "orgCount", "memberCount", "branchAssemblyHeld", "committeeMeetingHeld", "partyLectureHeld", "themeDayHeld", "otherMeetingsHeld", "attendanceExpected", "attendancePresent", "attendanceLeave", "duesDueFen", "duesPaidFen", "membersDue", "membersPaid", "studySeconds", "orgsWithThemeDay")
    SELECT a.id, d.month, sum(d."orgCount"), sum(d."memberCount"), sum(d."branchAssemblyHeld"), sum(d."committeeMeetingHeld"), sum(d."partyLectureHeld"), sum(d."themeDayHeld"), sum(d."otherMeetingsHeld"), sum(d."attendanceExpected"), sum(d."attendancePresent"), sum(d."attendanceLeave"), sum(d."duesDueFen"), sum(d."duesPaidFen"), sum(d."membersDue"), sum(d."membersPaid"), sum(d."studySeconds"), sum(d."orgsWithThemeDay")
    FROM (SELECT r."orgId", r.month, 1 AS "orgCount", 1 * r."memberCount"::bigint AS "memberCount", 1 * r."branchAssemblyHeld"::bigint AS "branchAssemblyHeld", 1 * r."committeeMeetingHeld"::bigint AS "committeeMeetingHeld", 1 * r."partyLectureHeld"::bigint AS "partyLectureHeld", 1 * r."themeDayHeld"::bigint AS "themeDayHeld", 1 * r."otherMeetingsHeld"::bigint AS "otherMeetingsHeld", 1 * r."attendanceExpected"::bigint AS "attendanceExpected", 1 * r."attendancePresent"::bigint AS "attendancePresent", 1 * r."attendanceLeave"::bigint AS "attendanceLeave", 1 * r."duesDueFen"::bigint AS "duesDueFen", 1 * r."duesPaidFen"::bigint AS "duesPaidFen", 1 * r."membersDue"::bigint AS "membersDue", 1 * r."membersPaid"::bigint AS "membersPaid", 1 * r."studySeconds"::bigint AS "studySeconds", 1 * (r."themeDayHeld" > 0)::int AS "orgsWithThemeDay" FROM "OrgMonthFact" r) d
    JOIN "Org" o ON o.id = d."orgId"
    CROSS JOIN LATERAL unnest(o."ancestorIds" || o.id) AS a(id)
    GROUP BY a.id, d.month
    ON CONFLICT ("orgId", month) DO UPDATE SET "orgCount" = t."orgCount" + EXCLUDED."orgCount", "memberCount" = t."memberCount" + EXCLUDED."memberCount", "branchAssemblyHeld" = t."branchAssemblyHeld" + EXCLUDED."branchAssemblyHeld", "committeeMeetingHeld" = t."committeeMeetingHeld" + EXCLUDED."committeeMeetingHeld", "partyLectureHeld" = t."partyLectureHeld" + EXCLUDED."partyLectureHeld", "themeDayHeld" = t."themeDayHeld" + EXCLUDED."themeDayHeld", "otherMeetingsHeld" = t."otherMeetingsHeld" + EXCLUDED."otherMeetingsHeld", "attendanceExpected" = t."attendanceExpected" + EXCLUDED."attendanceExpected", "attendancePresent" = t."attendancePresent" + EXCLUDED."attendancePresent", "attendanceLeave" = t."attendanceLeave" + EXCLUDED."attendanceLeave", "duesDueFen" = t."duesDueFen" + EXCLUDED."duesDueFen", "duesPaidFen" = t."duesPaidFen" + EXCLUDED."duesPaidFen", "membersDue" = t."membersDue" + EXCLUDED."membersDue", "membersPaid" = t."membersPaid" + EXCLUDED."membersPaid", "studySeconds" = t."studySeconds" + EXCLUDED."studySeconds", "orgsWithThemeDay" = t."orgsWithThemeDay" + EXCLUDED."orgsWithThemeDay";
END;
$$ LANGUAGE plpgsql;
