-- CreateIndex
CREATE INDEX "AuditLog_accountId_action_at_idx" ON "AuditLog"("accountId", "action", "at");

