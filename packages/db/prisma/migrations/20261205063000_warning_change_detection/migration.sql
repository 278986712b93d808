-- Change detection for the nightly warning pass (ADR 1064): the pass judges only the organisations
-- whose facts changed since it last judged them ("WarningDirty", marked by triggers in the
-- writer's transaction) and those whose verdict can change by time alone ("WarningDue": the next
-- instant, computed when they were last judged).

-- CreateTable
CREATE TABLE "WarningDirty" (
    "orgId" UUID NOT NULL,
    "seq" BIGINT NOT NULL,

    CONSTRAINT "WarningDirty_pkey" PRIMARY KEY ("orgId")
);

-- CreateTable
CREATE TABLE "WarningDue" (
    "orgId" UUID NOT NULL,
    "dueAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "WarningDue_pkey" PRIMARY KEY ("orgId")
);

-- Every mark takes a new number: the pass removes only the (organisation, number) pairs it read
-- before judging, so a mark written while it runs (a change it may not have seen) survives it.
CREATE SEQUENCE "WarningDirty_seq";

CREATE FUNCTION "dangjian_warning_mark"(ids uuid[]) RETURNS void LANGUAGE sql AS $$
  INSERT INTO "WarningDirty" ("orgId", seq)
  SELECT x.id, nextval('"WarningDirty_seq"') FROM (SELECT DISTINCT u.id FROM unnest(ids) AS u(id) WHERE u.id IS NOT NULL ORDER BY u.id) x
  ON CONFLICT ("orgId") DO UPDATE SET seq = EXCLUDED.seq;
$$;

-- Rows that name an organisation ("orgId"): month facts, meetings (latest held), payments (latest paid).
CREATE FUNCTION "dangjian_warning_dirty_org"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'INSERT' THEN
    PERFORM "dangjian_warning_mark"(ARRAY(SELECT "orgId" FROM new_rows));
  ELSIF TG_OP = 'UPDATE' THEN
    PERFORM "dangjian_warning_mark"(ARRAY(SELECT "orgId" FROM new_rows UNION SELECT "orgId" FROM old_rows));
  ELSE
    PERFORM "dangjian_warning_mark"(ARRAY(SELECT "orgId" FROM old_rows));
  END IF;
  RETURN NULL;
END $$;

-- Rows that name a member ("memberId"): their activity (dues, attendance, contact), study credits.
CREATE FUNCTION "dangjian_warning_dirty_member"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
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

-- Officers: the organisation (its committee) and the member's branch (their study target).
CREATE FUNCTION "dangjian_warning_dirty_role"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'INSERT' THEN
    PERFORM "dangjian_warning_mark"(ARRAY(SELECT "orgId" FROM new_rows UNION
      SELECT m."branchId" FROM "Member" m WHERE m.id IN (SELECT "memberId" FROM new_rows)));
  ELSIF TG_OP = 'UPDATE' THEN
    PERFORM "dangjian_warning_mark"(ARRAY(SELECT "orgId" FROM new_rows UNION SELECT "orgId" FROM old_rows UNION
      SELECT m."branchId" FROM "Member" m WHERE m.id IN (SELECT "memberId" FROM new_rows UNION SELECT "memberId" FROM old_rows)));
  ELSE
    PERFORM "dangjian_warning_mark"(ARRAY(SELECT "orgId" FROM old_rows UNION
      SELECT m."branchId" FROM "Member" m WHERE m.id IN (SELECT "memberId" FROM old_rows)));
  END IF;
  RETURN NULL;
END $$;

-- Members: the branch they are in, and the one they left.
CREATE FUNCTION "dangjian_warning_dirty_members"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'INSERT' THEN
    PERFORM "dangjian_warning_mark"(ARRAY(SELECT "branchId" FROM new_rows));
  ELSIF TG_OP = 'UPDATE' THEN
    PERFORM "dangjian_warning_mark"(ARRAY(SELECT "branchId" FROM new_rows UNION SELECT "branchId" FROM old_rows));
  ELSE
    PERFORM "dangjian_warning_mark"(ARRAY(SELECT "branchId" FROM old_rows));
  END IF;
  RETURN NULL;
END $$;

-- Organisations: themselves and their parents (a party group's facts are its branch's).
CREATE FUNCTION "dangjian_warning_dirty_orgs"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'INSERT' THEN
    PERFORM "dangjian_warning_mark"(ARRAY(SELECT id FROM new_rows UNION SELECT "parentId" FROM new_rows));
  ELSIF TG_OP = 'UPDATE' THEN
    PERFORM "dangjian_warning_mark"(ARRAY(SELECT id FROM new_rows UNION SELECT "parentId" FROM new_rows UNION SELECT "parentId" FROM old_rows));
  ELSE
    PERFORM "dangjian_warning_mark"(ARRAY(SELECT id FROM old_rows UNION SELECT "parentId" FROM old_rows));
  END IF;
  RETURN NULL;
END $$;

-- Tuned thresholds and cadence rules: every judged organisation of the subtree (a platform-wide
-- cadence rule, orgId NULL: all of them).
CREATE FUNCTION "dangjian_warning_dirty_subtree"() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  ids uuid[];
BEGIN
  IF TG_OP = 'INSERT' THEN
    ids := ARRAY(SELECT "orgId" FROM new_rows);
  ELSIF TG_OP = 'UPDATE' THEN
    ids := ARRAY(SELECT "orgId" FROM new_rows UNION ALL SELECT "orgId" FROM old_rows);
  ELSE
    ids := ARRAY(SELECT "orgId" FROM old_rows);
  END IF;
  IF array_position(ids, NULL) IS NOT NULL THEN
    PERFORM "dangjian_warning_mark"(ARRAY(SELECT id FROM "Org" WHERE kind IN ('BRANCH', 'JOINT_BRANCH')));
  ELSE
    PERFORM "dangjian_warning_mark"(ARRAY(SELECT id FROM "Org" WHERE kind IN ('BRANCH', 'JOINT_BRANCH') AND (id = ANY(ids) OR "ancestorIds" && ids)));
  END IF;
  RETURN NULL;
END $$;

CREATE TRIGGER "OrgMonthFact_warning_dirty_insert" AFTER INSERT ON "OrgMonthFact" REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION "dangjian_warning_dirty_org"();
CREATE TRIGGER "OrgMonthFact_warning_dirty_update" AFTER UPDATE ON "OrgMonthFact" REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION "dangjian_warning_dirty_org"();
CREATE TRIGGER "OrgMonthFact_warning_dirty_delete" AFTER DELETE ON "OrgMonthFact" REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION "dangjian_warning_dirty_org"();
CREATE TRIGGER "Meeting_warning_dirty_insert" AFTER INSERT ON "Meeting" REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION "dangjian_warning_dirty_org"();
CREATE TRIGGER "Meeting_warning_dirty_update" AFTER UPDATE ON "Meeting" REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION "dangjian_warning_dirty_org"();
CREATE TRIGGER "Meeting_warning_dirty_delete" AFTER DELETE ON "Meeting" REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION "dangjian_warning_dirty_org"();
CREATE TRIGGER "DuesPayment_warning_dirty_insert" AFTER INSERT ON "DuesPayment" REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION "dangjian_warning_dirty_org"();
CREATE TRIGGER "DuesPayment_warning_dirty_update" AFTER UPDATE ON "DuesPayment" REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION "dangjian_warning_dirty_org"();
CREATE TRIGGER "DuesPayment_warning_dirty_delete" AFTER DELETE ON "DuesPayment" REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION "dangjian_warning_dirty_org"();
CREATE TRIGGER "MemberActivity_warning_dirty_insert" AFTER INSERT ON "MemberActivity" REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION "dangjian_warning_dirty_member"();
CREATE TRIGGER "MemberActivity_warning_dirty_update" AFTER UPDATE ON "MemberActivity" REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION "dangjian_warning_dirty_member"();
CREATE TRIGGER "MemberActivity_warning_dirty_delete" AFTER DELETE ON "MemberActivity" REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION "dangjian_warning_dirty_member"();
CREATE TRIGGER "StudyCredit_warning_dirty_insert" AFTER INSERT ON "StudyCredit" REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION "dangjian_warning_dirty_member"();
CREATE TRIGGER "StudyCredit_warning_dirty_update" AFTER UPDATE ON "StudyCredit" REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION "dangjian_warning_dirty_member"();
CREATE TRIGGER "StudyCredit_warning_dirty_delete" AFTER DELETE ON "StudyCredit" REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION "dangjian_warning_dirty_member"();
CREATE TRIGGER "CommitteeRole_warning_dirty_insert" AFTER INSERT ON "CommitteeRole" REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION "dangjian_warning_dirty_role"();
CREATE TRIGGER "CommitteeRole_warning_dirty_update" AFTER UPDATE ON "CommitteeRole" REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION "dangjian_warning_dirty_role"();
CREATE TRIGGER "CommitteeRole_warning_dirty_delete" AFTER DELETE ON "CommitteeRole" REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION "dangjian_warning_dirty_role"();
CREATE TRIGGER "Member_warning_dirty_insert" AFTER INSERT ON "Member" REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION "dangjian_warning_dirty_members"();
CREATE TRIGGER "Member_warning_dirty_update" AFTER UPDATE ON "Member" REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION "dangjian_warning_dirty_members"();
CREATE TRIGGER "Member_warning_dirty_delete" AFTER DELETE ON "Member" REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION "dangjian_warning_dirty_members"();
CREATE TRIGGER "Org_warning_dirty_insert" AFTER INSERT ON "Org" REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION "dangjian_warning_dirty_orgs"();
CREATE TRIGGER "Org_warning_dirty_update" AFTER UPDATE ON "Org" REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION "dangjian_warning_dirty_orgs"();
CREATE TRIGGER "Org_warning_dirty_delete" AFTER DELETE ON "Org" REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION "dangjian_warning_dirty_orgs"();
CREATE TRIGGER "WarningRuleSetting_warning_dirty_insert" AFTER INSERT ON "WarningRuleSetting" REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION "dangjian_warning_dirty_subtree"();
CREATE TRIGGER "WarningRuleSetting_warning_dirty_update" AFTER UPDATE ON "WarningRuleSetting" REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION "dangjian_warning_dirty_subtree"();
CREATE TRIGGER "WarningRuleSetting_warning_dirty_delete" AFTER DELETE ON "WarningRuleSetting" REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION "dangjian_warning_dirty_subtree"();
CREATE TRIGGER "CadenceRule_warning_dirty_insert" AFTER INSERT ON "CadenceRule" REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION "dangjian_warning_dirty_subtree"();
CREATE TRIGGER "CadenceRule_warning_dirty_update" AFTER UPDATE ON "CadenceRule" REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION "dangjian_warning_dirty_subtree"();
CREATE TRIGGER "CadenceRule_warning_dirty_delete" AFTER DELETE ON "CadenceRule" REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION "dangjian_warning_dirty_subtree"();

-- Emptying a watched table at once (TRUNCATE fires no row or statement DELETE trigger): nothing
-- known about the organisations holds any more, every one is judged at the next pass.
CREATE FUNCTION "dangjian_warning_all_due"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  DELETE FROM "WarningDue";
  RETURN NULL;
END $$;
CREATE TRIGGER "OrgMonthFact_warning_truncate" AFTER TRUNCATE ON "OrgMonthFact" FOR EACH STATEMENT EXECUTE FUNCTION "dangjian_warning_all_due"();
CREATE TRIGGER "Meeting_warning_truncate" AFTER TRUNCATE ON "Meeting" FOR EACH STATEMENT EXECUTE FUNCTION "dangjian_warning_all_due"();
CREATE TRIGGER "DuesPayment_warning_truncate" AFTER TRUNCATE ON "DuesPayment" FOR EACH STATEMENT EXECUTE FUNCTION "dangjian_warning_all_due"();
CREATE TRIGGER "MemberActivity_warning_truncate" AFTER TRUNCATE ON "MemberActivity" FOR EACH STATEMENT EXECUTE FUNCTION "dangjian_warning_all_due"();
CREATE TRIGGER "StudyCredit_warning_truncate" AFTER TRUNCATE ON "StudyCredit" FOR EACH STATEMENT EXECUTE FUNCTION "dangjian_warning_all_due"();
CREATE TRIGGER "CommitteeRole_warning_truncate" AFTER TRUNCATE ON "CommitteeRole" FOR EACH STATEMENT EXECUTE FUNCTION "dangjian_warning_all_due"();
CREATE TRIGGER "Member_warning_truncate" AFTER TRUNCATE ON "Member" FOR EACH STATEMENT EXECUTE FUNCTION "dangjian_warning_all_due"();
CREATE TRIGGER "WarningRuleSetting_warning_truncate" AFTER TRUNCATE ON "WarningRuleSetting" FOR EACH STATEMENT EXECUTE FUNCTION "dangjian_warning_all_due"();
CREATE TRIGGER "CadenceRule_warning_truncate" AFTER TRUNCATE ON "CadenceRule" FOR EACH STATEMENT EXECUTE FUNCTION "dangjian_warning_all_due"();
CREATE TRIGGER "Warning_warning_truncate" AFTER TRUNCATE ON "Warning" FOR EACH STATEMENT EXECUTE FUNCTION "dangjian_warning_all_due"();
CREATE TRIGGER "OrgHealth_warning_truncate" AFTER TRUNCATE ON "OrgHealth" FOR EACH STATEMENT EXECUTE FUNCTION "dangjian_warning_all_due"();

-- Warnings or health rows removed by hand (the pass's own writes never delete): their organisations
-- are judged again, as a full pass would recreate them.
CREATE TRIGGER "Warning_warning_dirty_delete" AFTER DELETE ON "Warning" REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION "dangjian_warning_dirty_org"();
CREATE TRIGGER "OrgHealth_warning_dirty_delete" AFTER DELETE ON "OrgHealth" REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION "dangjian_warning_dirty_org"();
