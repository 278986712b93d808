-- CreateEnum
CREATE TYPE "CardBindingEndReason" AS ENUM ('NEW_DEVICE', 'LOST_DEVICE', 'TRANSFER_OUT', 'MEMBERSHIP_ENDED', 'SUSPENDED', 'REVOKED');

-- AlterTable
ALTER TABLE "CardKey" ADD COLUMN     "regionId" UUID,
ADD COLUMN     "withdrawnAt" TIMESTAMP(3);

-- CreateTable
CREATE TABLE "CardBinding" (
    "id" UUID NOT NULL,
    "memberId" UUID NOT NULL,
    "regionId" UUID NOT NULL,
    "statusIndex" INTEGER NOT NULL,
    "devicePublicKey" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "endedAt" TIMESTAMP(3),
    "endReason" "CardBindingEndReason",
    "credential" BYTEA,
    "kid" TEXT,
    "issuedAt" TIMESTAMP(3),
    "expiresAt" TIMESTAMP(3),

    CONSTRAINT "CardBinding_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "CardStatusList" (
    "regionId" UUID NOT NULL,
    "nextIndex" INTEGER NOT NULL DEFAULT 0,
    "updatedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "CardStatusList_pkey" PRIMARY KEY ("regionId")
);

-- CreateIndex
CREATE INDEX "CardBinding_memberId_endedAt_idx" ON "CardBinding"("memberId", "endedAt");

-- CreateIndex
CREATE INDEX "CardBinding_regionId_endedAt_idx" ON "CardBinding"("regionId", "endedAt");

-- CreateIndex
CREATE UNIQUE INDEX "CardBinding_regionId_statusIndex_key" ON "CardBinding"("regionId", "statusIndex");

-- CreateIndex
CREATE INDEX "CardKey_regionId_idx" ON "CardKey"("regionId");

-- AddForeignKey
ALTER TABLE "CardBinding" ADD CONSTRAINT "CardBinding_memberId_fkey" FOREIGN KEY ("memberId") REFERENCES "Member"("id") ON DELETE RESTRICT ON UPDATE CASCADE;


-- At most one live binding per member (a second concurrent bind cannot both succeed).
CREATE UNIQUE INDEX "CardBinding_one_live_per_member" ON "CardBinding"("memberId") WHERE "endedAt" IS NULL;
