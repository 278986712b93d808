// The gateway's environment, validated once when the process starts.
import { createEnv } from "@t3-oss/env-core";
import { z } from "zod";
import { s3EnvSchema, storageConfigFromEnv } from "@dangjian/storage/env";

export const env = createEnv({
  server: {
    DATABASE_URL: z.url({ protocol: /^postgres(ql)?$/ }),
    PORT: z.coerce.number().int().min(0).max(65535).default(3000),
    HOST: z.string().min(1).default("127.0.0.1"),
    /** Set when served over HTTPS (behind a TLS-terminating proxy): adds Secure to the cookie. */
    COOKIE_SECURE: z.stringbool().default(false),
    /** The object store (any S3-protocol server). */
    ...s3EnvSchema,
    /** The e-party card's key-encryption key (base64, 32 bytes): issuer private keys are stored under it. */
    DANGJIAN_CARD_KEK: z.string().min(40).max(60).optional(),
    NODE_ENV: z.enum(["development", "test", "production"]).default("development"),
  },
  runtimeEnv: process.env,
  emptyStringAsUndefined: true,
});

/** The storage configuration, when S3 is configured. */
export const storageConfig = () => storageConfigFromEnv(env);
