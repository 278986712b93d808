// The object store: any S3-protocol server (s3rver here, MinIO / Ceph / AWS / OSS in production).
import { CreateBucketCommand, DeleteObjectCommand, GetObjectCommand, HeadBucketCommand, HeadObjectCommand, NotFound, PutObjectCommand, S3Client } from "@aws-sdk/client-s3";
import { getSignedUrl } from "@aws-sdk/s3-request-presigner";

export interface StorageConfig {
  endpoint: string;
  bucket: string;
  accessKeyId: string;
  secretAccessKey: string;
  region?: string;
  forcePathStyle?: boolean;
}

export function createStorage(config: StorageConfig) {
  const client = new S3Client({
    endpoint: config.endpoint,
    region: config.region ?? "us-east-1",
    forcePathStyle: config.forcePathStyle ?? true,
    credentials: { accessKeyId: config.accessKeyId, secretAccessKey: config.secretAccessKey },
  });
  const Bucket = config.bucket;
  return {
    client,
    bucket: Bucket,
    async ensureBucket(): Promise<void> {
      try {
        await client.send(new HeadBucketCommand({ Bucket }));
      } catch {
        await client.send(new CreateBucketCommand({ Bucket }));
      }
    },
    async put(key: string, body: Uint8Array | string, contentType: string): Promise<void> {
      await client.send(new PutObjectCommand({ Bucket, Key: key, Body: body, ContentType: contentType }));
    },
    async getBytes(key: string): Promise<Uint8Array> {
      const result = await client.send(new GetObjectCommand({ Bucket, Key: key }));
      if (!result.Body) throw new Error(`empty object ${key}`);
      return result.Body.transformToByteArray();
    },
    /** Size and type of a stored object, or null when there is none (e.g. an upload never made). */
    async head(key: string): Promise<{ size: number; contentType: string | undefined } | null> {
      try {
        const result = await client.send(new HeadObjectCommand({ Bucket, Key: key }));
        return { size: result.ContentLength ?? 0, contentType: result.ContentType };
      } catch (error) {
        if (error instanceof NotFound || (error as { name?: string }).name === "NotFound") return null;
        throw error;
      }
    },
    async remove(key: string): Promise<void> {
      await client.send(new DeleteObjectCommand({ Bucket, Key: key }));
    },
    /** A short-lived URL the browser can GET directly (≤ 1 h, as playback and downloads need). */
    signedGetUrl(key: string, expiresInSeconds = 900): Promise<string> {
      return getSignedUrl(client, new GetObjectCommand({ Bucket, Key: key }), { expiresIn: Math.min(expiresInSeconds, 3600) });
    },
    signedPutUrl(key: string, contentType: string, expiresInSeconds = 900): Promise<string> {
      return getSignedUrl(client, new PutObjectCommand({ Bucket, Key: key, ContentType: contentType }), { expiresIn: Math.min(expiresInSeconds, 3600) });
    },
  };
}

export type Storage = ReturnType<typeof createStorage>;
