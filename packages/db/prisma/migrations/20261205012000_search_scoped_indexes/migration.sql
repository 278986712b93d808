-- Search: bounded, scoped candidates (docs/decisions/0602-bounded-search.md). Each GIN index holds
-- the words, the access tokens and the facet keys together, so one index scan finds the in-scope
-- matches of a facet (the rare key drives, the frequent ones are skipped through) instead of
-- AND-ing a bitmap of every document the actor may see and filtering rows afterwards. The title
-- index answers the first tier (title, other names, pinyin), the full one the body tier. The
-- single-column indexes they replace are dropped.
-- Titles now also index each of their Han characters (a one-character query is one exact key):
-- the documents are derived data, emptied here and rebuilt from the facts on the next start
-- (services.search.ensureIndexed, under an advisory lock).
TRUNCATE "SearchDocument";
ALTER TABLE "SearchDocument" ADD COLUMN "facetKeys" TEXT[] GENERATED ALWAYS AS (
    ARRAY['t:' || "type", 'y:' || "year"::text, 'o:' || "orgId"::text]
) STORED;
DROP INDEX "SearchDocument_tsv_idx";
DROP INDEX "SearchDocument_acl_idx";
CREATE INDEX "SearchDocument_titleTsv_acl_idx" ON "SearchDocument" USING GIN ("titleTsv", "acl", "facetKeys");
CREATE INDEX "SearchDocument_tsv_acl_idx" ON "SearchDocument" USING GIN ("tsv", "acl", "facetKeys");
