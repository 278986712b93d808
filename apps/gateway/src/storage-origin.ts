import type { StorageConfig } from "@dangjian/storage";

/** The origin signed object-store URLs point at: the endpoint, or bucket.endpoint without path style. */
export function storageOrigin(config: Pick<StorageConfig, "endpoint" | "bucket" | "forcePathStyle">): string {
  const url = new URL(config.endpoint);
  return config.forcePathStyle === false ? `${url.protocol}//${config.bucket}.${url.host}` : url.origin;
}
