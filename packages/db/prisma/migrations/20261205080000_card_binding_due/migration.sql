-- The renewal job reads live bindings by expiry, soonest first (ADR 0508): an index scan that stops
-- at its limit instead of sorting every binding of every region on each call.
CREATE INDEX "CardBinding_endedAt_expiresAt_idx" ON "CardBinding"("endedAt", "expiresAt");
