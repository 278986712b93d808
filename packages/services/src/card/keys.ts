// Issuer keys per region (ADR 0501): ECDSA P-256 (ES256, keys made since ADR 0506; older keys are
// Ed25519 and keep signing until rotated) through node:crypto; the private key is stored only
// encrypted (AES-256-GCM, the key id as associated data) under a key-encryption key (KEK) that
// comes from the environment and never reaches the database. Rotation makes a new active key;
// the old one keeps verifying its cards until they expire; a retired key can be withdrawn.
import {
  createCipheriv,
  createDecipheriv,
  createPrivateKey,
  generateKeyPairSync,
  randomBytes,
  sign,
  type KeyObject,
} from "node:crypto";
import { AppError } from "@dangjian/core";
import { base64url, fromBase64url, type IssuerAlg, type IssuerSigner } from "@dangjian/core/card";
import type { DbTx } from "@dangjian/db";
import type { ServiceDeps } from "../deps.ts";

/** Reads the KEK once (base64 or base64url of 32 bytes); a wrong value stops the process. */
export function parseCardKek(value: string | undefined): Uint8Array | undefined {
  if (value === undefined || value === "") return undefined;
  const bytes = Buffer.from(value.trim().replace(/-/g, "+").replace(/_/g, "/"), "base64");
  if (bytes.length !== 32)
    throw new Error("DANGJIAN_CARD_KEK must be 32 bytes in base64 (e.g. `openssl rand -base64 32`)");
  return new Uint8Array(bytes);
}

export function requireKek(deps: ServiceDeps): Uint8Array {
  if (!deps.cardKek) throw new AppError("CONFLICT", "card.issuerUnavailable");
  return deps.cardKek;
}

export function encryptPrivateKey(kek: Uint8Array, kid: string, pkcs8: Uint8Array): string {
  const iv = randomBytes(12);
  const cipher = createCipheriv("aes-256-gcm", kek, iv);
  cipher.setAAD(Buffer.from(`card-key:${kid}`));
  const body = Buffer.concat([cipher.update(pkcs8), cipher.final()]);
  return `v1.${base64url(iv)}.${base64url(cipher.getAuthTag())}.${base64url(body)}`;
}

export function decryptPrivateKey(kek: Uint8Array, kid: string, stored: string): KeyObject {
  const [version, iv, tag, body] = stored.split(".");
  if (version !== "v1" || !iv || !tag || !body) throw new Error(`card key ${kid}: unknown encryption format`);
  const decipher = createDecipheriv("aes-256-gcm", kek, fromBase64url(iv));
  decipher.setAAD(Buffer.from(`card-key:${kid}`));
  decipher.setAuthTag(fromBase64url(tag));
  const der = Buffer.concat([decipher.update(fromBase64url(body)), decipher.final()]);
  return createPrivateKey({ key: der, format: "der", type: "pkcs8" });
}

/** New issuer keys sign with ES256: two P-256 checks per scan instead of Ed25519 + P-256 (ADR 0506). */
export const NEW_KEY_ALGORITHM: IssuerAlg = "ES256";

/**
 * A new issuer key pair. The stored public key is the raw form the trust list publishes: EdDSA the
 * 32-byte Ed25519 key, ES256 the uncompressed point 0x04‖x‖y (65 bytes).
 */
function newKey(
  kek: Uint8Array,
  algorithm: IssuerAlg,
): { kid: string; algorithm: IssuerAlg; publicKey: string; privateKeyEnc: string } {
  const { publicKey, privateKey } =
    algorithm === "ES256" ? generateKeyPairSync("ec", { namedCurve: "P-256" }) : generateKeyPairSync("ed25519");
  // 4 random bytes: unique among a few hundred keys (the primary key refuses a collision)
  const kid = base64url(randomBytes(4));
  const jwk = publicKey.export({ format: "jwk" });
  const raw =
    algorithm === "ES256"
      ? new Uint8Array([4, ...fromBase64url(jwk.x!), ...fromBase64url(jwk.y!)])
      : fromBase64url(jwk.x!);
  const pkcs8 = new Uint8Array(privateKey.export({ format: "der", type: "pkcs8" }));
  return { kid, algorithm, publicKey: base64url(raw), privateKeyEnc: encryptPrivateKey(kek, kid, pkcs8) };
}

export interface SigningKey extends IssuerSigner {
  /** base64url of `kid` (the row's id) */
  kidText: string;
}

// Decrypted keys are kept per process by kid (they never change; a withdrawn key is simply not
// asked for again). Correct across processes: every process derives the same key from the row.
const decrypted = new Map<string, KeyObject>();

export function issuerAlgorithm(stored: string): IssuerAlg {
  if (stored === "ES256" || stored === "EdDSA") return stored;
  throw new Error(`card key: unknown algorithm ${stored}`);
}

function signer(kek: Uint8Array, row: { kid: string; algorithm: string; privateKeyEnc: string | null }): SigningKey {
  if (!row.privateKeyEnc) throw new AppError("CONFLICT", "card.issuerUnavailable");
  const alg = issuerAlgorithm(row.algorithm);
  let key = decrypted.get(row.kid);
  if (!key) {
    key = decryptPrivateKey(kek, row.kid, row.privateKeyEnc);
    decrypted.set(row.kid, key);
  }
  const k = key;
  if (alg === "ES256" ? k.asymmetricKeyType !== "ec" : k.asymmetricKeyType !== "ed25519")
    throw new Error(`card key ${row.kid}: the stored key is not ${alg}`);
  return {
    kid: fromBase64url(row.kid),
    kidText: row.kid,
    alg,
    sign:
      alg === "ES256"
        ? // COSE ES256: r‖s, 32 bytes each (RFC 9053 §2.1), not DER
          (message) => new Uint8Array(sign("sha256", message, { key: k, dsaEncoding: "ieee-p1363" }))
        : (message) => new Uint8Array(sign(null, message, k)),
  };
}

/** The region's active signing key, created on first use (serialised per region). */
export async function activeRegionKey(deps: ServiceDeps, tx: DbTx, regionId: string): Promise<SigningKey> {
  const kek = requireKek(deps);
  const found = await tx.cardKey.findFirst({
    where: { regionId, active: true, withdrawnAt: null },
    orderBy: { createdAt: "desc" },
  });
  if (found) return signer(kek, found);
  await tx.$executeRawUnsafe(`SELECT pg_advisory_xact_lock(hashtext($1))`, `card-key:${regionId}`);
  const again = await tx.cardKey.findFirst({
    where: { regionId, active: true, withdrawnAt: null },
    orderBy: { createdAt: "desc" },
  });
  if (again) return signer(kek, again);
  const created = await tx.cardKey.create({
    data: { ...newKey(kek, NEW_KEY_ALGORITHM), regionId, active: true, createdAt: deps.now() },
  });
  return signer(kek, created);
}

/** Who rotates or withdraws a key: an operator at the command line (audited with this name). */
export interface KeyOperator {
  accountId?: string | null;
  /** e.g. "cli:ops-user@host" */
  by: string;
}

/** Rotation: a new active key for the region; the previous ones retire (and keep verifying). Audited. */
export async function rotateRegionKey(
  deps: ServiceDeps,
  regionId: string,
  operator: KeyOperator = { by: "platform" },
  /** ES256 for every new key; EdDSA only to reproduce a region that still has an older key (tests, benches) */
  algorithm: IssuerAlg = NEW_KEY_ALGORITHM,
): Promise<{ kid: string; algorithm: IssuerAlg; retired: string[] }> {
  const kek = requireKek(deps);
  return deps.db.$transaction(async (tx) => {
    const region = await tx.org.findUnique({ where: { id: regionId }, select: { id: true } });
    if (!region) throw new AppError("NOT_FOUND", "card.regionNotFound");
    await tx.$executeRawUnsafe(`SELECT pg_advisory_xact_lock(hashtext($1))`, `card-key:${regionId}`);
    const old = await tx.cardKey.findMany({ where: { regionId, active: true }, select: { kid: true } });
    await tx.cardKey.updateMany({ where: { regionId, active: true }, data: { active: false, retiredAt: deps.now() } });
    const created = await tx.cardKey.create({
      data: { ...newKey(kek, algorithm), regionId, active: true, createdAt: deps.now() },
    });
    await tx.auditLog.create({
      data: {
        accountId: operator.accountId ?? null,
        action: "card.keyRotate",
        entityType: "CardKey",
        entityId: created.kid,
        orgId: regionId,
        data: { by: operator.by, algorithm, retired: old.map((k) => k.kid) },
      },
    });
    return { kid: created.kid, algorithm, retired: old.map((k) => k.kid) };
  });
}

/** Withdraws a retired key: it leaves the trust list and its cards stop verifying. Audited; idempotent. */
export async function withdrawKey(
  deps: ServiceDeps,
  kid: string,
  operator: KeyOperator = { by: "platform" },
): Promise<{ kid: string; withdrawnAt: Date }> {
  return deps.db.$transaction(async (tx) => {
    await tx.$executeRawUnsafe(`SELECT pg_advisory_xact_lock(hashtext($1))`, `card-kid:${kid}`);
    const key = await tx.cardKey.findUnique({ where: { kid } });
    if (!key) throw new AppError("NOT_FOUND", "card.keyNotFound");
    if (key.active) throw new AppError("CONFLICT", "card.keyStillActive");
    if (key.withdrawnAt) return { kid, withdrawnAt: key.withdrawnAt };
    const withdrawnAt = deps.now();
    await tx.cardKey.update({ where: { kid }, data: { withdrawnAt } });
    await tx.auditLog.create({
      data: {
        accountId: operator.accountId ?? null,
        action: "card.keyWithdraw",
        entityType: "CardKey",
        entityId: kid,
        orgId: key.regionId,
        data: { by: operator.by },
      },
    });
    return { kid, withdrawnAt };
  });
}

/** Every issuer key with its region, for the operator's listing. */
export async function listKeys(deps: ServiceDeps) {
  const keys = await deps.db.cardKey.findMany({
    where: { regionId: { not: null } },
    orderBy: [{ regionId: "asc" }, { createdAt: "asc" }],
    select: {
      kid: true,
      algorithm: true,
      regionId: true,
      active: true,
      createdAt: true,
      retiredAt: true,
      withdrawnAt: true,
    },
  });
  const regions = await deps.db.org.findMany({
    where: { id: { in: [...new Set(keys.map((k) => k.regionId!))] } },
    select: { id: true, name: true },
  });
  const names = new Map(regions.map((r) => [r.id, r.name]));
  const cards = await deps.db.cardBinding.groupBy({ by: ["kid"], where: { endedAt: null }, _count: { _all: true } });
  const live = new Map(cards.map((c) => [c.kid, c._count._all]));
  return keys.map((k) => ({ ...k, regionName: names.get(k.regionId!) ?? "", liveCards: live.get(k.kid) ?? 0 }));
}

/** A region by id or exact name (city committees), for the command line. */
export async function findRegion(deps: ServiceDeps, idOrName: string): Promise<{ id: string; name: string } | null> {
  const uuid = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(idOrName);
  return deps.db.org.findFirst({
    where: uuid ? { id: idOrName } : { name: idOrName },
    select: { id: true, name: true },
  });
}
