// The S3_* environment every process that reaches the object store reads (gateway, worker): one
// schema for @t3-oss/env-core, and the configuration it yields when S3 is configured.
import { z } from "zod";
import type { StorageConfig } from "./index.ts";

/** Spread into createEnv's `server`; `npm start` / `npm test` set these for their s3rver. */
export const s3EnvSchema = {
  S3_ENDPOINT: z.url().optional(),
  S3_BUCKET: z.string().min(1).default("dangjian"),
  S3_ACCESS_KEY_ID: z.string().min(1).optional(),
  S3_SECRET_ACCESS_KEY: z.string().min(1).optional(),
  S3_REGION: z.string().min(1).default("us-east-1"),
  S3_FORCE_PATH_STYLE: z.stringbool().default(true),
};

const _s3EnvObject = z.object(s3EnvSchema);
type S3Env = Readonly<z.infer<typeof _s3EnvObject>>;

/** The storage configuration, or undefined when S3 is not configured (use cases that need it then fail clearly). */
export function storageConfigFromEnv(env: S3Env): StorageConfig | undefined {
  if (!env.S3_ENDPOINT || !env.S3_ACCESS_KEY_ID || !env.S3_SECRET_ACCESS_KEY) return undefined;
  return {
    endpoint: env.S3_ENDPOINT,
    bucket: env.S3_BUCKET,
    accessKeyId: env.S3_ACCESS_KEY_ID,
    secretAccessKey: env.S3_SECRET_ACCESS_KEY,
    region: env.S3_REGION,
    forcePathStyle: env.S3_FORCE_PATH_STYLE,
  };
}
