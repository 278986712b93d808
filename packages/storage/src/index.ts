// The object store: any S3-protocol server (s3rver here, MinIO / Ceph / AWS / OSS in production).
import { createWriteStream } from "node:fs";
import { readFile } from "node:fs/promises";
import type { Readable } from "node:stream";
import { pipeline } from "node:stream/promises";
import {
  AbortMultipartUploadCommand,
  CompleteMultipartUploadCommand,
  CreateBucketCommand,
  CreateMultipartUploadCommand,
  DeleteObjectCommand,
  DeleteObjectsCommand,
  GetObjectCommand,
  HeadBucketCommand,
  HeadObjectCommand,
  ListObjectsV2Command,
  NotFound,
  PutObjectCommand,
  S3Client,
  UploadPartCommand,
} from "@aws-sdk/client-s3";
import { getSignedUrl } from "@aws-sdk/s3-request-presigner";

export interface StorageConfig {
  endpoint: string;
  bucket: string;
  accessKeyId: string;
  secretAccessKey: string;
  region?: string;
  forcePathStyle?: boolean;
}

/**
 * The object store could not be reached or failed on its side (connection refused or reset, a
 * timeout, a 5xx): the operation did not happen and may be tried again later (ADR 1040). Client
 * errors (a missing object, a refused signature) stay what the SDK threw.
 */
export class StorageUnavailableError extends Error {
  constructor(cause: unknown) {
    super(`object store unavailable: ${(cause as Error)?.name ?? "error"}`, { cause });
    this.name = "StorageUnavailableError";
  }
}

const NETWORK_CODES =
  /^(ECONNREFUSED|ECONNRESET|ECONNABORTED|EHOSTUNREACH|ENETUNREACH|ENOTFOUND|EAI_AGAIN|ETIMEDOUT|EPIPE)$/;

export function isStorageOutage(error: unknown): boolean {
  const e = error as {
    name?: string;
    code?: string;
    $metadata?: { httpStatusCode?: number };
    cause?: { code?: string };
  } | null;
  if (!e || typeof e !== "object") return false;
  if (e.name === "StorageUnavailableError") return true;
  if (e.name === "TimeoutError" || e.name === "AbortError" || e.name === "RequestTimeout") return true;
  if (NETWORK_CODES.test(e.code ?? "") || NETWORK_CODES.test(e.cause?.code ?? "")) return true;
  const status = e.$metadata?.httpStatusCode;
  return typeof status === "number" && status >= 500;
}

export function createStorage(config: StorageConfig) {
  const client = new S3Client({
    endpoint: config.endpoint,
    region: config.region ?? "us-east-1",
    forcePathStyle: config.forcePathStyle ?? true,
    credentials: { accessKeyId: config.accessKeyId, secretAccessKey: config.secretAccessKey },
    // An unreachable store fails a request in seconds instead of hanging it (ADR 1040);
    // requestTimeout is socket inactivity, so large transfers that keep moving are not cut.
    requestHandler: { connectionTimeout: 3000, requestTimeout: 30_000 },
  });
  // Every call: an outage becomes StorageUnavailableError, so callers can tell it from a bug.
  const rawSend = client.send.bind(client) as (...args: unknown[]) => Promise<unknown>;
  client.send = (async (...args: unknown[]) => {
    try {
      return await rawSend(...args);
    } catch (error) {
      throw isStorageOutage(error) ? new StorageUnavailableError(error) : error;
    }
  }) as typeof client.send;
  const Bucket = config.bucket;
  return {
    client,
    bucket: Bucket,
    /** Is the bucket reachable? (HeadBucket; aborted after `timeoutMs`: a readiness probe never hangs) */
    async ping(timeoutMs = 2000): Promise<void> {
      await client.send(new HeadBucketCommand({ Bucket }), { abortSignal: AbortSignal.timeout(timeoutMs) });
    },
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
    /** `download`: what the store must answer with (Content-Disposition / Content-Type), whatever the object says. */
    signedGetUrl(
      key: string,
      expiresInSeconds = 900,
      download?: { contentDisposition?: string; contentType?: string },
    ): Promise<string> {
      const command = new GetObjectCommand({
        Bucket,
        Key: key,
        ...(download?.contentDisposition ? { ResponseContentDisposition: download.contentDisposition } : {}),
        ...(download?.contentType ? { ResponseContentType: download.contentType } : {}),
      });
      return getSignedUrl(client, command, { expiresIn: Math.min(expiresInSeconds, 3600) });
    },
    signedPutUrl(key: string, contentType: string, expiresInSeconds = 900): Promise<string> {
      return getSignedUrl(client, new PutObjectCommand({ Bucket, Key: key, ContentType: contentType }), {
        expiresIn: Math.min(expiresInSeconds, 3600),
      });
    },

    // ── multipart upload straight from the browser (presigned part URLs) ──
    async createMultipart(key: string, contentType: string): Promise<string> {
      const result = await client.send(
        new CreateMultipartUploadCommand({ Bucket, Key: key, ContentType: contentType }),
      );
      if (!result.UploadId) throw new Error(`no upload id for ${key}`);
      return result.UploadId;
    },
    signedPartUrl(key: string, uploadId: string, partNumber: number, expiresInSeconds = 3600): Promise<string> {
      return getSignedUrl(
        client,
        new UploadPartCommand({ Bucket, Key: key, UploadId: uploadId, PartNumber: partNumber }),
        { expiresIn: Math.min(expiresInSeconds, 3600) },
      );
    },
    async completeMultipart(
      key: string,
      uploadId: string,
      parts: ReadonlyArray<{ partNumber: number; etag: string }>,
    ): Promise<void> {
      await client.send(
        new CompleteMultipartUploadCommand({
          Bucket,
          Key: key,
          UploadId: uploadId,
          MultipartUpload: {
            Parts: [...parts]
              .sort((a, b) => a.partNumber - b.partNumber)
              .map((p) => ({ PartNumber: p.partNumber, ETag: p.etag })),
          },
        }),
      );
    },
    /** Best effort: some S3 servers (s3rver) do not implement it; their parts are unreachable anyway. */
    async abortMultipart(key: string, uploadId: string): Promise<boolean> {
      try {
        await client.send(new AbortMultipartUploadCommand({ Bucket, Key: key, UploadId: uploadId }));
        return true;
      } catch {
        return false;
      }
    },

    // ── files (the worker's transcoding) ──
    async download(key: string, file: string): Promise<void> {
      const result = await client.send(new GetObjectCommand({ Bucket, Key: key }));
      if (!result.Body) throw new Error(`empty object ${key}`);
      await pipeline(result.Body as Readable, createWriteStream(file));
    },
    /** A file of moderate size (HLS segments, posters). Sent as bytes: a stream body makes the SDK use aws-chunked encoding, which some S3 servers (s3rver) store verbatim. */
    async upload(key: string, file: string, contentType: string): Promise<void> {
      await client.send(
        new PutObjectCommand({ Bucket, Key: key, Body: await readFile(file), ContentType: contentType }),
      );
    },
    async list(prefix: string): Promise<string[]> {
      const keys: string[] = [];
      let token: string | undefined;
      do {
        const page = await client.send(new ListObjectsV2Command({ Bucket, Prefix: prefix, ContinuationToken: token }));
        for (const item of page.Contents ?? []) if (item.Key) keys.push(item.Key);
        token = page.IsTruncated ? page.NextContinuationToken : undefined;
      } while (token);
      return keys;
    },
    /** Removes every object under a prefix (partial transcoder output, a failed asset). */
    async removePrefix(prefix: string): Promise<number> {
      const keys = await this.list(prefix);
      for (let i = 0; i < keys.length; i += 500) {
        const chunk = keys.slice(i, i + 500);
        try {
          await client.send(new DeleteObjectsCommand({ Bucket, Delete: { Objects: chunk.map((Key) => ({ Key })) } }));
        } catch {
          for (const Key of chunk) await client.send(new DeleteObjectCommand({ Bucket, Key }));
        }
      }
      return keys.length;
    },
  };
}

export type Storage = ReturnType<typeof createStorage>;
