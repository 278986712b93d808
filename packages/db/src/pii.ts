// Personal data at rest (ID numbers, phones): envelope encryption and a keyed hash, ADR 0752.
// Every value gets its own random 256-bit data key (AES-256-GCM); the data key is wrapped with
// the platform's key-encryption key (KEK, DANGJIAN_PII_KEY, 32 bytes base64) and stored beside
// the ciphertext. Uniqueness and lookup (login by phone) use an HMAC-SHA256 of the normalised
// value under a key derived from the KEK (HKDF), separated per kind of value.
import { createCipheriv, createDecipheriv, createHmac, hkdfSync, randomBytes } from "node:crypto";

export const PII_PREFIX = "pii1.";

export interface PiiKeys {
  readonly kek: Buffer;
  readonly hmacKey: Buffer;
}

export type PiiKind = "idNumber" | "phone";

/** Validates the KEK once (base64, 32 bytes) and derives the hash key. */
export function piiKeys(base64: string | undefined): PiiKeys {
  if (!base64) throw new Error("DANGJIAN_PII_KEY is not set: 32 bytes in base64 (e.g. `openssl rand -base64 32`)");
  const kek = Buffer.from(base64.trim(), "base64");
  if (kek.length !== 32 || kek.toString("base64") !== base64.trim())
    throw new Error("DANGJIAN_PII_KEY must be exactly 32 bytes in base64 (e.g. `openssl rand -base64 32`)");
  const hmacKey = Buffer.from(hkdfSync("sha256", kek, Buffer.alloc(0), "dangjian pii hmac v1", 32));
  return { kek, hmacKey };
}

/** The keys from the environment, validated the first time they are asked for. */
let fromEnv: PiiKeys | null = null;
export function piiKeysFromEnv(): PiiKeys {
  // the seed, the migrator and test processes run without the apps' env modules; read once, validated here
  // eslint-disable-next-line no-restricted-properties
  fromEnv ??= piiKeys(process.env.DANGJIAN_PII_KEY);
  return fromEnv;
}

function gcm(key: Buffer, plain: Buffer): Buffer {
  const iv = randomBytes(12);
  const cipher = createCipheriv("aes-256-gcm", key, iv);
  const body = Buffer.concat([cipher.update(plain), cipher.final()]);
  return Buffer.concat([iv, body, cipher.getAuthTag()]);
}

function ungcm(key: Buffer, sealed: Buffer): Buffer {
  const iv = sealed.subarray(0, 12);
  const tag = sealed.subarray(sealed.length - 16);
  const decipher = createDecipheriv("aes-256-gcm", key, iv);
  decipher.setAuthTag(tag);
  return Buffer.concat([decipher.update(sealed.subarray(12, sealed.length - 16)), decipher.final()]);
}

/** pii1.<wrapped data key>.<sealed value>, both base64url (iv ‖ ciphertext ‖ tag). */
export function encryptPii(keys: PiiKeys, value: string): string {
  const dataKey = randomBytes(32);
  const wrapped = gcm(keys.kek, dataKey);
  const sealed = gcm(dataKey, Buffer.from(value, "utf8"));
  dataKey.fill(0);
  return `${PII_PREFIX}${wrapped.toString("base64url")}.${sealed.toString("base64url")}`;
}

export function decryptPii(keys: PiiKeys, stored: string): string {
  if (!isEncryptedPii(stored)) throw new Error("not an encrypted value");
  const [wrapped, sealed] = stored.slice(PII_PREFIX.length).split(".");
  const dataKey = ungcm(keys.kek, Buffer.from(wrapped ?? "", "base64url"));
  try {
    return ungcm(dataKey, Buffer.from(sealed ?? "", "base64url")).toString("utf8");
  } finally {
    dataKey.fill(0);
  }
}

export function isEncryptedPii(stored: string): boolean {
  return stored.startsWith(PII_PREFIX);
}

export function normalisePii(kind: PiiKind, value: string): string {
  const trimmed = value.trim();
  return kind === "idNumber" ? trimmed.toUpperCase() : trimmed;
}

/** The keyed hash kept for uniqueness and lookup (never reversible without the key). */
export function piiHash(keys: PiiKeys, kind: PiiKind, value: string): string {
  return createHmac("sha256", keys.hmacKey)
    .update(`${kind}:${normalisePii(kind, value)}`)
    .digest("base64url");
}

/** Both columns for one value (null stays null). */
export function sealPii(
  keys: PiiKeys,
  kind: PiiKind,
  value: string | null | undefined,
): { enc: string | null; hash: string | null } {
  const v = value?.trim();
  if (!v) return { enc: null, hash: null };
  const normalised = normalisePii(kind, v);
  return { enc: encryptPii(keys, normalised), hash: piiHash(keys, kind, normalised) };
}

export function openPii(keys: PiiKeys, stored: string | null | undefined): string | null {
  if (!stored) return null;
  return decryptPii(keys, stored);
}

/** A member row as written: ID number and phone encrypted, their hashes beside them. */
export function sealMemberRow<T extends { idNumber?: string | null; phone?: string | null }>(
  keys: PiiKeys,
  row: T,
): T & { idNumberHash: string | null; phoneHash: string | null } {
  const id = sealPii(keys, "idNumber", row.idNumber);
  const phone = sealPii(keys, "phone", row.phone);
  return { ...row, idNumber: id.enc, idNumberHash: id.hash, phone: phone.enc, phoneHash: phone.hash };
}

/** An account row as written: the login phone encrypted, its hash for lookup. */
export function sealAccountRow<T extends { phone?: string | null }>(
  keys: PiiKeys,
  row: T,
): T & { phoneHash: string | null } {
  const phone = sealPii(keys, "phone", row.phone);
  return { ...row, phone: phone.enc, phoneHash: phone.hash };
}
