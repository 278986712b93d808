// eslint-disable-next-line @typescript-eslint/triple-slash-reference -- s3rver ships no types; packages that import this file must see them too
/// <reference path="./s3rver.d.ts" />
// An S3-protocol server (s3rver) on loopback for `start` and tests. Production uses any S3.
import { mkdirSync } from "node:fs";
import S3rver from "s3rver";

export interface S3Server {
  endpoint: string;
  accessKeyId: string;
  secretAccessKey: string;
  bucket: string;
  stop(): Promise<void>;
}

export async function startS3(options: { dir: string; port: number; bucket?: string }): Promise<S3Server> {
  mkdirSync(options.dir, { recursive: true });
  const bucket = options.bucket ?? "dangjian";
  const server = new S3rver({
    port: options.port,
    address: "127.0.0.1",
    directory: options.dir,
    silent: true,
    configureBuckets: [{ name: bucket, configs: [] }],
  });
  await server.run();
  return {
    endpoint: `http://127.0.0.1:${options.port}`,
    // s3rver accepts this fixed pair (S3RVER / S3RVER)
    accessKeyId: "S3RVER",
    secretAccessKey: "S3RVER",
    bucket,
    stop: () => server.close(),
  };
}
