-- AlterTable
ALTER TABLE "WatchSession" ADD COLUMN     "playlistAt" TIMESTAMP(3);

-- CreateIndex
CREATE INDEX "WatchSession_memberId_startedAt_idx" ON "WatchSession"("memberId", "startedAt");

-- CreateIndex
CREATE INDEX "WatchSession_startedAt_idx" ON "WatchSession"("startedAt");

