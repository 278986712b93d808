// The gateway's environment, validated once when the process starts.
import { createEnv } from "@t3-oss/env-core";
import { z } from "zod";
import { s3EnvSchema, storageConfigFromEnv } from "@dangjian/storage/env";
import { parseTrustProxy } from "./security.ts";

export const env = createEnv({
  server: {
    DATABASE_URL: z.url({ protocol: /^postgres(ql)?$/ }),
    /** a streaming replica of DATABASE_URL for reads that may lag a little (dashboards, reports, search, lists; ADR 1002) */
    DATABASE_REPLICA_URL: z.url({ protocol: /^postgres(ql)?$/ }).optional(),
    /** lag-tolerant reads go to the primary while the replica is staler than this many milliseconds */
    DATABASE_REPLICA_MAX_LAG_MS: z.coerce.number().int().min(100).max(600_000).default(5000),
    PORT: z.coerce.number().int().min(0).max(65535).default(3000),
    HOST: z.string().min(1).default("127.0.0.1"),
    /** Set when served over HTTPS (behind a TLS-terminating proxy): adds Secure to the cookie. */
    COOKIE_SECURE: z.stringbool().default(false),
    /** Express "trust proxy": unset/false when clients connect directly, the hop count ("1") or the proxies' addresses behind a reverse proxy. */
    TRUST_PROXY: z
      .string()
      .optional()
      .transform((value, ctx) => {
        try {
          return parseTrustProxy(value);
        } catch (error) {
          ctx.addIssue({ code: "custom", message: (error as Error).message });
          return z.NEVER;
        }
      }),
    /** Further origins allowed to post (comma-separated), e.g. when one site is reached under two names. */
    ALLOWED_ORIGINS: z
      .string()
      .optional()
      .transform((value) =>
        (value ?? "")
          .split(",")
          .map((o) => o.trim())
          .filter(Boolean),
      ),
    /** The object store (any S3-protocol server). */
    ...s3EnvSchema,
    /** The e-party card's key-encryption key (base64, 32 bytes): issuer private keys are stored under it. */
    DANGJIAN_CARD_KEK: z.string().min(40).max(60).optional(),
    /** Meilisearch for search (optional; without it the embedded engine in PostgreSQL answers). */
    MEILI_HOST: z.url().optional(),
    MEILI_MASTER_KEY: z.string().min(1).optional(),
    /** a search-only API key and its uid: searches then use per-actor tenant tokens (ADR 0604) */
    MEILI_SEARCH_KEY: z.string().min(1).optional(),
    MEILI_SEARCH_KEY_UID: z.uuid().optional(),
    /** the key ID numbers and phones are encrypted with (base64, 32 bytes; required, ADR 0752) */
    DANGJIAN_PII_KEY: z.string().min(40).max(60),
    /** bearer token for /metrics (≥ 16 characters); unset = /metrics is off (ADR 1021) */
    METRICS_TOKEN: z.string().min(16).optional(),
    /** pino level of the process's log (trace … fatal) */
    LOG_LEVEL: z.enum(["trace", "debug", "info", "warn", "error", "fatal"]).default("info"),
    /** json (production, default) or pretty (one readable line per entry; `npm start` sets it) */
    LOG_FORMAT: z.enum(["json", "pretty"]).default("json"),
    NODE_ENV: z.enum(["development", "test", "production"]).default("development"),
  },
  runtimeEnv: process.env,
  emptyStringAsUndefined: true,
});

/** The storage configuration, when S3 is configured. */
export const storageConfig = () => storageConfigFromEnv(env);

/** Meilisearch, when MEILI_HOST is set. */
export const meiliConfig = () =>
  env.MEILI_HOST
    ? {
        host: env.MEILI_HOST,
        apiKey: env.MEILI_MASTER_KEY,
        searchKey:
          env.MEILI_SEARCH_KEY && env.MEILI_SEARCH_KEY_UID
            ? { apiKey: env.MEILI_SEARCH_KEY, apiKeyUid: env.MEILI_SEARCH_KEY_UID }
            : undefined,
      }
    : undefined;
