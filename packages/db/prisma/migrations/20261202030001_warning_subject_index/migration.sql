-- CreateIndex
CREATE INDEX "Warning_subjectId_idx" ON "Warning"("subjectId");

