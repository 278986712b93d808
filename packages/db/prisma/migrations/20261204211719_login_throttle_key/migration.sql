-- DropIndex
DROP INDEX "LoginAttempt_identifier_at_idx";

-- AlterTable
-- Existing rows keep counting under their normalised spelling.
ALTER TABLE "LoginAttempt" ADD COLUMN     "throttleKey" TEXT;
UPDATE "LoginAttempt" SET "throttleKey" = 'name:' || upper(btrim("identifier"));
ALTER TABLE "LoginAttempt" ALTER COLUMN "throttleKey" SET NOT NULL;

-- CreateIndex
CREATE INDEX "LoginAttempt_throttleKey_at_idx" ON "LoginAttempt"("throttleKey", "at");

-- CreateIndex
CREATE INDEX "LoginAttempt_ip_at_idx" ON "LoginAttempt"("ip", "at");

-- CreateIndex
CREATE INDEX "LoginAttempt_at_idx" ON "LoginAttempt"("at");

