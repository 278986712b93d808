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

// Browsers upload straight to S3 by presigned URLs (PUT, multipart parts) from the gateway's
// origin, and read the part ETags, so the bucket allows cross-origin use and exposes ETag.
const CORS = `<CORSConfiguration>
  <CORSRule>
    <AllowedOrigin>*</AllowedOrigin>
    <AllowedMethod>GET</AllowedMethod>
    <AllowedMethod>HEAD</AllowedMethod>
    <AllowedMethod>PUT</AllowedMethod>
    <AllowedMethod>POST</AllowedMethod>
    <AllowedMethod>DELETE</AllowedMethod>
    <AllowedHeader>*</AllowedHeader>
    <ExposeHeader>ETag</ExposeHeader>
    <MaxAgeSeconds>3000</MaxAgeSeconds>
  </CORSRule>
</CORSConfiguration>`;

/** Starts s3rver on loopback; `port: 0` picks a free port. */
export async function startS3(options: { dir: string; port: number; bucket?: string }): Promise<S3Server> {
  mkdirSync(options.dir, { recursive: true });
  const bucket = options.bucket ?? "dangjian";
  const server = new S3rver({
    port: options.port,
    address: "127.0.0.1",
    directory: options.dir,
    silent: true,
    configureBuckets: [{ name: bucket, configs: [CORS] }],
  });
  const { port } = await server.run();
  return {
    endpoint: `http://127.0.0.1:${port}`,
    // s3rver accepts this fixed pair (S3RVER / S3RVER)
    accessKeyId: "S3RVER",
    secretAccessKey: "S3RVER",
    bucket,
    stop: () => server.close(),
  };
}
