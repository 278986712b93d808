-- AlterTable
ALTER TABLE "StudyBudget" ADD COLUMN     "spent" JSONB NOT NULL DEFAULT '[]';

