-- CreateTable
CREATE TABLE "MemberActivity" (
    "memberId" UUID NOT NULL,
    "lastPaidMonth" DATE,
    "lastPaidAt" TIMESTAMP(3),
    "lastPresentAt" TIMESTAMP(3),

    CONSTRAINT "MemberActivity_pkey" PRIMARY KEY ("memberId")
);

-- AddForeignKey
ALTER TABLE "MemberActivity" ADD CONSTRAINT "MemberActivity_memberId_fkey" FOREIGN KEY ("memberId") REFERENCES "Member"("id") ON DELETE CASCADE ON UPDATE CASCADE;


-- Keeps "MemberActivity" current: any change to a member's dues months, payments, attendance or
-- to a meeting they attended recomputes that member's row from the facts, by key. Two
-- transactions touching one member at once serialise on the row (the upsert waits for the other's
-- change, the explicit lock makes it certain), so the second computes from what the first committed.
CREATE FUNCTION "dangjian_member_activity_refresh"(ids uuid[]) RETURNS void LANGUAGE plpgsql AS $$
BEGIN
  IF ids IS NULL OR cardinality(ids) = 0 THEN RETURN; END IF;
  INSERT INTO "MemberActivity" ("memberId")
    SELECT m.id FROM "Member" m WHERE m.id = ANY(ids) ORDER BY m.id ON CONFLICT DO NOTHING;
  PERFORM 1 FROM "MemberActivity" WHERE "memberId" = ANY(ids) ORDER BY "memberId" FOR UPDATE;
  UPDATE "MemberActivity" ma SET
    "lastPaidMonth" = (SELECT max(dm.month) FROM "DuesMonth" dm WHERE dm."memberId" = ma."memberId"),
    "lastPaidAt" = (SELECT max(p."paidAt") FROM "DuesMonth" dm JOIN "DuesPayment" p ON p.id = dm."paymentId" WHERE dm."memberId" = ma."memberId"),
    "lastPresentAt" = (SELECT max(coalesce(a."checkedInAt", mt."heldStart")) FROM "Attendance" a JOIN "Meeting" mt ON mt.id = a."meetingId"
                       WHERE a."memberId" = ma."memberId" AND a.status = 'PRESENT' AND mt.status = 'HELD')
  WHERE ma."memberId" = ANY(ids);
END $$;

-- After a bulk load with triggers off (the benchmark's generator): everything at once.
CREATE FUNCTION "dangjian_member_activity_rebuild"() RETURNS void LANGUAGE sql AS $$
  TRUNCATE "MemberActivity";
  INSERT INTO "MemberActivity" ("memberId", "lastPaidMonth", "lastPaidAt", "lastPresentAt")
  SELECT m.id, pm.last_month, pm.last_at, att.last
  FROM "Member" m
  LEFT JOIN (SELECT dm."memberId" AS id, max(dm.month) AS last_month, max(p."paidAt") AS last_at
             FROM "DuesMonth" dm JOIN "DuesPayment" p ON p.id = dm."paymentId" GROUP BY dm."memberId") pm ON pm.id = m.id
  LEFT JOIN (SELECT a."memberId" AS id, max(coalesce(a."checkedInAt", mt."heldStart")) AS last
             FROM "Attendance" a JOIN "Meeting" mt ON mt.id = a."meetingId"
             WHERE a.status = 'PRESENT' AND mt.status = 'HELD' GROUP BY a."memberId") att ON att.id = m.id
  WHERE pm.id IS NOT NULL OR att.id IS NOT NULL;
$$;

-- One function for the tables whose rows name the member ("memberId"): the transition tables
-- present for the event give the members to refresh.
CREATE FUNCTION "dangjian_member_activity_rows"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'INSERT' THEN
    PERFORM "dangjian_member_activity_refresh"(ARRAY(SELECT DISTINCT "memberId" FROM new_rows));
  ELSIF TG_OP = 'UPDATE' THEN
    PERFORM "dangjian_member_activity_refresh"(ARRAY(SELECT "memberId" FROM new_rows UNION SELECT "memberId" FROM old_rows));
  ELSE
    PERFORM "dangjian_member_activity_refresh"(ARRAY(SELECT DISTINCT "memberId" FROM old_rows));
  END IF;
  RETURN NULL;
END $$;

-- A meeting that becomes (or stops being) held, or whose start moves: its attendees.
CREATE FUNCTION "dangjian_member_activity_meeting"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM "dangjian_member_activity_refresh"(ARRAY(
    SELECT DISTINCT a."memberId" FROM new_rows n JOIN old_rows o ON o.id = n.id JOIN "Attendance" a ON a."meetingId" = n.id
    WHERE n.status IS DISTINCT FROM o.status OR n."heldStart" IS DISTINCT FROM o."heldStart"));
  RETURN NULL;
END $$;

CREATE TRIGGER "DuesMonth_activity_insert" AFTER INSERT ON "DuesMonth" REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION "dangjian_member_activity_rows"();
CREATE TRIGGER "DuesMonth_activity_update" AFTER UPDATE ON "DuesMonth" REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION "dangjian_member_activity_rows"();
CREATE TRIGGER "DuesMonth_activity_delete" AFTER DELETE ON "DuesMonth" REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION "dangjian_member_activity_rows"();
CREATE TRIGGER "DuesPayment_activity_update" AFTER UPDATE ON "DuesPayment" REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION "dangjian_member_activity_rows"();
CREATE TRIGGER "DuesPayment_activity_delete" AFTER DELETE ON "DuesPayment" REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION "dangjian_member_activity_rows"();
CREATE TRIGGER "Attendance_activity_insert" AFTER INSERT ON "Attendance" REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION "dangjian_member_activity_rows"();
CREATE TRIGGER "Attendance_activity_update" AFTER UPDATE ON "Attendance" REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION "dangjian_member_activity_rows"();
CREATE TRIGGER "Attendance_activity_delete" AFTER DELETE ON "Attendance" REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION "dangjian_member_activity_rows"();
CREATE TRIGGER "Meeting_activity_update" AFTER UPDATE ON "Meeting" REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION "dangjian_member_activity_meeting"();

SELECT "dangjian_member_activity_rebuild"();
