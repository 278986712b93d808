-- CreateEnum
CREATE TYPE "OfflineTrainingStatus" AS ENUM ('PENDING', 'APPROVED', 'REJECTED');

-- AlterTable
ALTER TABLE "OfflineTraining" ADD COLUMN     "decidedAt" TIMESTAMP(3),
ADD COLUMN     "decidedById" UUID,
ADD COLUMN     "decisionNote" TEXT,
ADD COLUMN     "memberIds" UUID[],
ADD COLUMN     "status" "OfflineTrainingStatus" NOT NULL DEFAULT 'PENDING';

-- CreateIndex
CREATE INDEX "OfflineTraining_orgId_status_idx" ON "OfflineTraining"("orgId", "status");

-- CreateIndex
CREATE INDEX "OfflineTraining_orgId_heldOn_idx" ON "OfflineTraining"("orgId", "heldOn");


-- Trainings recorded before approval existed keep counting: approved, with their credited members.
UPDATE "OfflineTraining" t SET "status" = 'APPROVED',
  "memberIds" = COALESCE((SELECT array_agg(DISTINCT c."memberId") FROM "StudyCredit" c WHERE c."offlineTrainingId" = t.id), '{}');

-- The unique key (memberId, lessonId, creditedOn, source) never held for offline credits (lessonId
-- is NULL): one training credits one member at most once.
DELETE FROM "StudyCredit" a USING "StudyCredit" b
  WHERE a."offlineTrainingId" IS NOT NULL AND a."offlineTrainingId" = b."offlineTrainingId" AND a."memberId" = b."memberId" AND a.id > b.id;
CREATE UNIQUE INDEX "StudyCredit_memberId_offlineTrainingId_key" ON "StudyCredit"("memberId", "offlineTrainingId") WHERE "offlineTrainingId" IS NOT NULL;
