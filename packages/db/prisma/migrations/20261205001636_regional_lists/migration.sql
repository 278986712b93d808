-- CreateEnum
CREATE TYPE "ServiceCategory" AS ENUM ('MEDICAL', 'AGRI_TRAINING', 'ELDER_CARE', 'LEGAL', 'EDUCATION', 'CULTURE', 'ENVIRONMENT', 'EMPLOYMENT', 'OTHER');

-- CreateEnum
CREATE TYPE "NeedStatus" AS ENUM ('OPEN', 'CLAIMED', 'DONE', 'WITHDRAWN');

-- CreateEnum
CREATE TYPE "ResourceKind" AS ENUM ('SKILL', 'PEOPLE', 'VENUE', 'EQUIPMENT');

-- CreateEnum
CREATE TYPE "ProjectStatus" AS ENUM ('REQUESTED', 'ACTIVE', 'CLOSED', 'DECLINED');

-- CreateEnum
CREATE TYPE "ProjectRating" AS ENUM ('SATISFIED', 'FAIR', 'DISSATISFIED');

-- AlterTable
ALTER TABLE "Meeting" ADD COLUMN     "projectId" UUID;

-- CreateTable
CREATE TABLE "Need" (
    "id" UUID NOT NULL,
    "orgId" UUID NOT NULL,
    "regionId" UUID NOT NULL,
    "title" TEXT NOT NULL,
    "description" TEXT NOT NULL,
    "category" "ServiceCategory" NOT NULL,
    "place" TEXT NOT NULL,
    "wantedFrom" DATE NOT NULL,
    "wantedUntil" DATE,
    "people" INTEGER NOT NULL,
    "status" "NeedStatus" NOT NULL DEFAULT 'OPEN',
    "createdById" UUID NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "Need_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Resource" (
    "id" UUID NOT NULL,
    "orgId" UUID NOT NULL,
    "regionId" UUID NOT NULL,
    "title" TEXT NOT NULL,
    "description" TEXT NOT NULL,
    "category" "ServiceCategory" NOT NULL,
    "kind" "ResourceKind" NOT NULL,
    "limits" TEXT,
    "capacity" INTEGER,
    "active" BOOLEAN NOT NULL DEFAULT true,
    "createdById" UUID NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "Resource_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Project" (
    "id" UUID NOT NULL,
    "regionId" UUID NOT NULL,
    "title" TEXT NOT NULL,
    "category" "ServiceCategory" NOT NULL,
    "holderOrgId" UUID NOT NULL,
    "providerOrgId" UUID NOT NULL,
    "needId" UUID,
    "resourceId" UUID,
    "plan" TEXT NOT NULL DEFAULT '',
    "status" "ProjectStatus" NOT NULL,
    "createdById" UUID NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "acceptedAt" TIMESTAMP(3),
    "acceptedById" UUID,
    "closedAt" TIMESTAMP(3),
    "closedById" UUID,
    "result" TEXT,
    "rating" "ProjectRating",
    "ratingComment" TEXT,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "Project_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "Need_regionId_status_createdAt_idx" ON "Need"("regionId", "status", "createdAt");

-- CreateIndex
CREATE INDEX "Need_orgId_idx" ON "Need"("orgId");

-- CreateIndex
CREATE INDEX "Resource_regionId_active_category_idx" ON "Resource"("regionId", "active", "category");

-- CreateIndex
CREATE INDEX "Resource_orgId_idx" ON "Resource"("orgId");

-- CreateIndex
CREATE UNIQUE INDEX "Project_needId_key" ON "Project"("needId");

-- CreateIndex
CREATE INDEX "Project_holderOrgId_idx" ON "Project"("holderOrgId");

-- CreateIndex
CREATE INDEX "Project_providerOrgId_idx" ON "Project"("providerOrgId");

-- CreateIndex
CREATE INDEX "Project_regionId_status_idx" ON "Project"("regionId", "status");

-- CreateIndex
CREATE INDEX "Meeting_projectId_idx" ON "Meeting"("projectId");

-- AddForeignKey
ALTER TABLE "Meeting" ADD CONSTRAINT "Meeting_projectId_fkey" FOREIGN KEY ("projectId") REFERENCES "Project"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Need" ADD CONSTRAINT "Need_orgId_fkey" FOREIGN KEY ("orgId") REFERENCES "Org"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Resource" ADD CONSTRAINT "Resource_orgId_fkey" FOREIGN KEY ("orgId") REFERENCES "Org"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Project" ADD CONSTRAINT "Project_holderOrgId_fkey" FOREIGN KEY ("holderOrgId") REFERENCES "Org"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Project" ADD CONSTRAINT "Project_providerOrgId_fkey" FOREIGN KEY ("providerOrgId") REFERENCES "Org"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Project" ADD CONSTRAINT "Project_needId_fkey" FOREIGN KEY ("needId") REFERENCES "Need"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Project" ADD CONSTRAINT "Project_resourceId_fkey" FOREIGN KEY ("resourceId") REFERENCES "Resource"("id") ON DELETE SET NULL ON UPDATE CASCADE;

