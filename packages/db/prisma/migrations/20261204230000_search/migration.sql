-- Search: the embedded engine's documents (docs/decisions/0601-search-engines.md).
-- Not a Prisma model: only the search code reads and writes it, with SQL.
CREATE EXTENSION IF NOT EXISTS pg_trgm;

CREATE TABLE "SearchDocument" (
    "key"        TEXT PRIMARY KEY,
    "type"       TEXT NOT NULL,
    "refId"      TEXT NOT NULL,
    "orgId"      UUID,
    "orgName"    TEXT,
    "title"      TEXT NOT NULL,
    "body"       TEXT NOT NULL DEFAULT '',
    "titleNorm"  TEXT NOT NULL,
    "bodyNorm"   TEXT NOT NULL DEFAULT '',
    "year"       INTEGER,
    "at"         TIMESTAMPTZ,
    "url"        TEXT NOT NULL,
    -- access tokens (packages/core/src/search/acl.ts): visible when they meet the actor's
    "acl"        TEXT[] NOT NULL,
    -- jieba words and two-character pieces of the normalised text, pinyin and initials:
    -- title A, other names and pinyin B, body D; the 'simple' configuration (no stemming)
    "tsv"        TSVECTOR NOT NULL,
    "updatedAt"  TIMESTAMPTZ NOT NULL DEFAULT now()
);

CREATE INDEX "SearchDocument_tsv_idx" ON "SearchDocument" USING GIN ("tsv");
CREATE INDEX "SearchDocument_acl_idx" ON "SearchDocument" USING GIN ("acl");
CREATE INDEX "SearchDocument_titleNorm_trgm_idx" ON "SearchDocument" USING GIN ("titleNorm" gin_trgm_ops);
CREATE INDEX "SearchDocument_type_refId_idx" ON "SearchDocument" ("type", "refId");
