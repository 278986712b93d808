import { describe, expect, it } from "vitest";
import { z } from "zod";
import { s3EnvSchema, storageConfigFromEnv } from "../src/env.ts";

const parse = (raw: Record<string, string>) => z.object(s3EnvSchema).parse(raw);

describe("S3_* environment", () => {
  it("is no storage without an endpoint and keys", () => {
    expect(storageConfigFromEnv(parse({}))).toBeUndefined();
    expect(storageConfigFromEnv(parse({ S3_ENDPOINT: "http://127.0.0.1:9000" }))).toBeUndefined();
  });

  it("yields the configuration with defaults for bucket, region and path style", () => {
    expect(
      storageConfigFromEnv(
        parse({
          S3_ENDPOINT: "http://127.0.0.1:9000",
          S3_ACCESS_KEY_ID: "k",
          S3_SECRET_ACCESS_KEY: "s",
          S3_FORCE_PATH_STYLE: "false",
        }),
      ),
    ).toEqual({
      endpoint: "http://127.0.0.1:9000",
      bucket: "dangjian",
      accessKeyId: "k",
      secretAccessKey: "s",
      region: "us-east-1",
      forcePathStyle: false,
    });
  });

  it("refuses an endpoint that is not a URL", () => {
    expect(() => parse({ S3_ENDPOINT: "not a url" })).toThrow();
  });
});
