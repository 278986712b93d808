-- AlterTable
ALTER TABLE "Course" ADD COLUMN     "audienceOrgId" UUID;

-- CreateTable
CREATE TABLE "StudyBudget" (
    "memberId" UUID NOT NULL,
    "creditedUntil" TIMESTAMP(3) NOT NULL,
    "updatedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "StudyBudget_pkey" PRIMARY KEY ("memberId")
);

-- CreateIndex
CREATE UNIQUE INDEX "StudyCredit_memberId_lessonId_creditedOn_source_key" ON "StudyCredit"("memberId", "lessonId", "creditedOn", "source");

-- AddForeignKey
ALTER TABLE "StudyBudget" ADD CONSTRAINT "StudyBudget_memberId_fkey" FOREIGN KEY ("memberId") REFERENCES "Member"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

