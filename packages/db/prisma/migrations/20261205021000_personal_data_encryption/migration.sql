-- DropIndex
DROP INDEX "Member_idNumber_key";

-- DropIndex
DROP INDEX "Member_phone_key";

-- DropIndex
DROP INDEX "Account_phone_key";

-- AlterTable
ALTER TABLE "Member" ADD COLUMN     "idNumberHash" TEXT,
ADD COLUMN     "phoneHash" TEXT;

-- AlterTable
ALTER TABLE "Account" ADD COLUMN     "phoneHash" TEXT;

-- CreateIndex
CREATE UNIQUE INDEX "Member_idNumberHash_key" ON "Member"("idNumberHash");

-- CreateIndex
CREATE UNIQUE INDEX "Member_phoneHash_key" ON "Member"("phoneHash");

-- CreateIndex
CREATE UNIQUE INDEX "Account_phoneHash_key" ON "Account"("phoneHash");

