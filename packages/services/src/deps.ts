import type { Db } from "@dangjian/db";
import type { ReadReplica } from "@dangjian/db/replica";
import type { PiiKeys } from "@dangjian/db/pii";
import type { Storage } from "@dangjian/storage";
import type { SearchEngine } from "@dangjian/search";

/** What every use case needs: the database and a clock (tests move time explicitly). */
export interface ServiceDeps {
  /** the primary: every write, and every read that must be current */
  db: Db;
  /** a streaming replica for reads that may lag a little (DATABASE_REPLICA_URL); used only through lagTolerant (ADR 1002) */
  replica?: ReadReplica | undefined;
  now: () => Date;
  /** the object store (photos, files, videos); absent where a process runs without S3 */
  storage?: Storage | undefined;
  /** the e-party card's key-encryption key (32 bytes, from DANGJIAN_CARD_KEK); card issuing needs it */
  cardKek?: Uint8Array | undefined;
  /** the external search engine (Meilisearch, when MEILI_HOST is set); the embedded one is always there */
  searchEngine?: SearchEngine | undefined;
  /** the keys ID numbers and phones are encrypted and hashed with (DANGJIAN_PII_KEY, ADR 0752) */
  pii: PiiKeys;
}

/** The object store, or a clear error when this process was started without one. */
export function requireStorage(deps: ServiceDeps): Storage {
  if (!deps.storage)
    throw new Error(
      "this process was started without S3 (set S3_ENDPOINT, S3_BUCKET, S3_ACCESS_KEY_ID, S3_SECRET_ACCESS_KEY)",
    );
  return deps.storage;
}
