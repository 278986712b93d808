// Issuer keys per region (ADR 0501): Ed25519 through node:crypto; the private key is stored only
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
import { base64url, fromBase64url } from "@dangjian/core/card";
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

function newKey(kek: Uint8Array): { kid: string; publicKey: string; privateKeyEnc: string } {
  const { publicKey, privateKey } = generateKeyPairSync("ed25519");
  // 4 random bytes: unique among a few hundred keys (the primary key refuses a collision)
  const kid = base64url(randomBytes(4));
  const raw = fromBase64url(publicKey.export({ format: "jwk" }).x!);
  const pkcs8 = new Uint8Array(privateKey.export({ format: "der", type: "pkcs8" }));
  return { kid, publicKey: base64url(raw), privateKeyEnc: encryptPrivateKey(kek, kid, pkcs8) };
}

export interface SigningKey {
  kid: string;
  kidBytes: Uint8Array;
  sign(message: Uint8Array): Uint8Array;
}

// Decrypted keys are kept per process by kid (they never change; a withdrawn key is simply not
// asked for again). Correct across processes: every process derives the same key from the row.
const decrypted = new Map<string, KeyObject>();

function signer(kek: Uint8Array, row: { kid: string; privateKeyEnc: string | null }): SigningKey {
  if (!row.privateKeyEnc) throw new AppError("CONFLICT", "card.issuerUnavailable");
  let key = decrypted.get(row.kid);
  if (!key) {
    key = decryptPrivateKey(kek, row.kid, row.privateKeyEnc);
    decrypted.set(row.kid, key);
  }
  const k = key;
  return { kid: row.kid, kidBytes: fromBase64url(row.kid), sign: (message) => new Uint8Array(sign(null, message, k)) };
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
    data: { ...newKey(kek), algorithm: "EdDSA", regionId, active: true, createdAt: deps.now() },
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
): Promise<{ kid: string; retired: string[] }> {
  const kek = requireKek(deps);
  return deps.db.$transaction(async (tx) => {
    const region = await tx.org.findUnique({ where: { id: regionId }, select: { id: true } });
    if (!region) throw new AppError("NOT_FOUND", "card.regionNotFound");
    await tx.$executeRawUnsafe(`SELECT pg_advisory_xact_lock(hashtext($1))`, `card-key:${regionId}`);
    const old = await tx.cardKey.findMany({ where: { regionId, active: true }, select: { kid: true } });
    await tx.cardKey.updateMany({ where: { regionId, active: true }, data: { active: false, retiredAt: deps.now() } });
    const created = await tx.cardKey.create({
      data: { ...newKey(kek), algorithm: "EdDSA", regionId, active: true, createdAt: deps.now() },
    });
    await tx.auditLog.create({
      data: {
        accountId: operator.accountId ?? null,
        action: "card.keyRotate",
        entityType: "CardKey",
        entityId: created.kid,
        orgId: regionId,
        data: { by: operator.by, retired: old.map((k) => k.kid) },
      },
    });
    return { kid: created.kid, retired: old.map((k) => k.kid) };
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
    select: { kid: true, regionId: true, active: true, createdAt: true, retiredAt: true, withdrawnAt: true },
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
