import { createEnv } from "@t3-oss/env-core";
import { z } from "zod";
import { s3EnvSchema, storageConfigFromEnv } from "@dangjian/storage/env";

export const env = createEnv({
  server: {
    DATABASE_URL: z.url(),
    /** The object store (any S3-protocol server). */
    ...s3EnvSchema,
    /** The e-party card's key-encryption key (base64, 32 bytes): issuer private keys are stored under it. */
    DANGJIAN_CARD_KEK: z.string().min(40).max(60).optional(),
    /** Meilisearch for search (optional; without it the embedded engine in PostgreSQL answers). */
    MEILI_HOST: z.url().optional(),
    MEILI_MASTER_KEY: z.string().min(1).optional(),
    /** "1": generate the demo lessons' videos after start (set by `npm start` only, ADR 0804) */
    DANGJIAN_DEMO_VIDEOS: z.enum(["0", "1"]).optional(),
    /** the key ID numbers and phones are encrypted with (base64, 32 bytes; required, ADR 0752) */
    DANGJIAN_PII_KEY: z.string().min(40).max(60),
    /** the worker's probe listener (/healthz, /readyz): off when unset; 0 picks a free port */
    WORKER_HTTP_PORT: z.coerce.number().int().min(0).max(65535).optional(),
    WORKER_HTTP_HOST: z.string().min(1).default("127.0.0.1"),
    /** bearer token of /metrics on that listener (ADR 1021); unset = no /metrics */
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
export const meiliConfig = () => (env.MEILI_HOST ? { host: env.MEILI_HOST, apiKey: env.MEILI_MASTER_KEY } : undefined);
