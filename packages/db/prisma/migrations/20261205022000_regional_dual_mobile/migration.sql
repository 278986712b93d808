-- CreateEnum
CREATE TYPE "CommunityReportStatus" AS ENUM ('ACTIVE', 'ENDED');

-- CreateEnum
CREATE TYPE "MobileStatus" AS ENUM ('AWAY', 'ACCEPTED', 'RETURNED');

-- CreateEnum
CREATE TYPE "MobileContactKind" AS ENUM ('CHECK_IN', 'NOTE');

-- AlterTable
ALTER TABLE "MemberActivity" ADD COLUMN     "lastContactAt" TIMESTAMP(3);

-- CreateTable
CREATE TABLE "CommunityReport" (
    "id" UUID NOT NULL,
    "memberId" UUID NOT NULL,
    "communityOrgId" UUID NOT NULL,
    "homeBranchId" UUID NOT NULL,
    "status" "CommunityReportStatus" NOT NULL DEFAULT 'ACTIVE',
    "reportedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "endedAt" TIMESTAMP(3),

    CONSTRAINT "CommunityReport_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "CommunityService" (
    "id" UUID NOT NULL,
    "reportId" UUID NOT NULL,
    "memberId" UUID NOT NULL,
    "communityOrgId" UUID NOT NULL,
    "servedOn" DATE NOT NULL,
    "hours" DOUBLE PRECISION NOT NULL,
    "description" TEXT NOT NULL,
    "recordedById" UUID NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "CommunityService_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "MobileRegistration" (
    "id" UUID NOT NULL,
    "memberId" UUID NOT NULL,
    "homeBranchId" UUID NOT NULL,
    "receivingOrgId" UUID NOT NULL,
    "destination" TEXT NOT NULL,
    "leftOn" DATE NOT NULL,
    "status" "MobileStatus" NOT NULL DEFAULT 'AWAY',
    "createdById" UUID NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "acceptedAt" TIMESTAMP(3),
    "acceptedById" UUID,
    "returnedOn" DATE,
    "returnedById" UUID,

    CONSTRAINT "MobileRegistration_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "MobileContact" (
    "id" UUID NOT NULL,
    "registrationId" UUID NOT NULL,
    "memberId" UUID NOT NULL,
    "kind" "MobileContactKind" NOT NULL,
    "at" TIMESTAMP(3) NOT NULL,
    "note" TEXT,
    "recordedById" UUID NOT NULL,

    CONSTRAINT "MobileContact_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "CommunityReport_communityOrgId_status_idx" ON "CommunityReport"("communityOrgId", "status");

-- CreateIndex
CREATE INDEX "CommunityReport_homeBranchId_status_idx" ON "CommunityReport"("homeBranchId", "status");

-- CreateIndex
CREATE INDEX "CommunityReport_memberId_idx" ON "CommunityReport"("memberId");

-- CreateIndex
CREATE INDEX "CommunityService_reportId_idx" ON "CommunityService"("reportId");

-- CreateIndex
CREATE INDEX "CommunityService_communityOrgId_servedOn_idx" ON "CommunityService"("communityOrgId", "servedOn");

-- CreateIndex
CREATE INDEX "CommunityService_memberId_servedOn_idx" ON "CommunityService"("memberId", "servedOn");

-- CreateIndex
CREATE INDEX "MobileRegistration_memberId_idx" ON "MobileRegistration"("memberId");

-- CreateIndex
CREATE INDEX "MobileRegistration_homeBranchId_status_idx" ON "MobileRegistration"("homeBranchId", "status");

-- CreateIndex
CREATE INDEX "MobileRegistration_receivingOrgId_status_idx" ON "MobileRegistration"("receivingOrgId", "status");

-- CreateIndex
CREATE INDEX "MobileContact_registrationId_at_idx" ON "MobileContact"("registrationId", "at");

-- CreateIndex
CREATE INDEX "MobileContact_memberId_at_idx" ON "MobileContact"("memberId", "at");

-- AddForeignKey
ALTER TABLE "CommunityReport" ADD CONSTRAINT "CommunityReport_memberId_fkey" FOREIGN KEY ("memberId") REFERENCES "Member"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "CommunityReport" ADD CONSTRAINT "CommunityReport_communityOrgId_fkey" FOREIGN KEY ("communityOrgId") REFERENCES "Org"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "CommunityReport" ADD CONSTRAINT "CommunityReport_homeBranchId_fkey" FOREIGN KEY ("homeBranchId") REFERENCES "Org"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "CommunityService" ADD CONSTRAINT "CommunityService_reportId_fkey" FOREIGN KEY ("reportId") REFERENCES "CommunityReport"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "MobileRegistration" ADD CONSTRAINT "MobileRegistration_memberId_fkey" FOREIGN KEY ("memberId") REFERENCES "Member"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "MobileRegistration" ADD CONSTRAINT "MobileRegistration_homeBranchId_fkey" FOREIGN KEY ("homeBranchId") REFERENCES "Org"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "MobileRegistration" ADD CONSTRAINT "MobileRegistration_receivingOrgId_fkey" FOREIGN KEY ("receivingOrgId") REFERENCES "Org"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "MobileContact" ADD CONSTRAINT "MobileContact_registrationId_fkey" FOREIGN KEY ("registrationId") REFERENCES "MobileRegistration"("id") ON DELETE RESTRICT ON UPDATE CASCADE;


-- One active 双报到 per member, one open 流动 registration per member (partial unique indexes:
-- the use cases check under an advisory lock; these make a second one impossible even so).
CREATE UNIQUE INDEX "CommunityReport_member_active_key" ON "CommunityReport"("memberId") WHERE status = 'ACTIVE';
CREATE UNIQUE INDEX "MobileRegistration_member_open_key" ON "MobileRegistration"("memberId") WHERE status IN ('AWAY', 'ACCEPTED');
