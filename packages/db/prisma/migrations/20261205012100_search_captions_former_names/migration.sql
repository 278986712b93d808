-- AlterTable
ALTER TABLE "VideoAsset" ADD COLUMN     "captionText" TEXT;

-- CreateTable
CREATE TABLE "OrgFormerName" (
    "id" UUID NOT NULL,
    "orgId" UUID NOT NULL,
    "name" TEXT NOT NULL,
    "shortName" TEXT,
    "until" TIMESTAMP(3) NOT NULL,
    "renamedById" UUID,

    CONSTRAINT "OrgFormerName_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "OrgFormerName_orgId_idx" ON "OrgFormerName"("orgId");

-- AddForeignKey
ALTER TABLE "OrgFormerName" ADD CONSTRAINT "OrgFormerName_orgId_fkey" FOREIGN KEY ("orgId") REFERENCES "Org"("id") ON DELETE CASCADE ON UPDATE CASCADE;

