-- Search: a coalescing outbox for the external engine (Meilisearch). indexInTx() adds the key of
-- every document it writes, in the same transaction; the worker's sync takes keys with
-- FOR UPDATE SKIP LOCKED, pushes the documents and deletes the keys in one transaction, so a
-- stopped engine or a killed worker leaves them to be retried (docs/decisions/0601).
CREATE TABLE "SearchOutbox" (
    "key"        TEXT PRIMARY KEY,
    "type"       TEXT NOT NULL,
    "refId"      TEXT NOT NULL,
    "enqueuedAt" TIMESTAMPTZ NOT NULL DEFAULT clock_timestamp(),
    "attempts"   INTEGER NOT NULL DEFAULT 0,
    "lastError"  TEXT
);
CREATE INDEX "SearchOutbox_enqueuedAt_idx" ON "SearchOutbox" ("enqueuedAt");

-- Ranking reads only this small vector (title words and pinyin, other names): ranking over the
-- full vector (with the body) detoasted thousands of rows for a broad query.
ALTER TABLE "SearchDocument" ADD COLUMN "titleTsv" TSVECTOR NOT NULL DEFAULT ''::tsvector;
