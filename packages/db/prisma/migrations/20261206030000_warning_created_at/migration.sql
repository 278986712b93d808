-- A warning's creation is recorded on its row ("createdAt"), no longer as a WarningTransition from
-- no state (ADR 1077): that table keeps the changes of state. The creations already stored move
-- onto their rows (a warning without one keeps the time it was first seen) and leave the table.

ALTER TABLE "Warning" ADD COLUMN "createdAt" TIMESTAMP(3);

-- Only the new column changes: the subtree sums' trigger would subtract and add every row again.
SET dangjian.subtree_deferred = on;
UPDATE "Warning" w SET "createdAt" = coalesce(
  (SELECT min(t.at) FROM "WarningTransition" t WHERE t."warningId" = w.id AND t."fromState" IS NULL),
  w."firstSeenAt");
RESET dangjian.subtree_deferred;

ALTER TABLE "Warning" ALTER COLUMN "createdAt" SET NOT NULL, ALTER COLUMN "createdAt" SET DEFAULT CURRENT_TIMESTAMP;

DELETE FROM "WarningTransition" WHERE "fromState" IS NULL;
