// The two lists verifiers cache, published at public URLs by the gateway: the trust list (every
// region's issuer public keys that are not withdrawn) and one W3C Bitstring Status List per region.
import { gzipSync } from "node:zlib";
import {
  STATUS_LIST_TTL_MS,
  setStatusBit,
  signStatusList,
  statusListBits,
  statusListCredential,
  base64url,
  fromBase64url,
  type StatusListCredentialJson,
  type TrustListJson,
  type TrustListKeyJson,
} from "@dangjian/core/card";
import { AppError } from "@dangjian/core";
import type { ServiceDeps } from "../deps.ts";
import { activeRegionKey, issuerAlgorithm } from "./keys.ts";

export const TRUST_LIST_PATH = "/card/lists/trust.json";
export const statusListPath = (regionId: string) => `/card/lists/status/${regionId}.json`;

export async function trustList(deps: ServiceDeps): Promise<TrustListJson> {
  const keys = await deps.db.cardKey.findMany({
    where: { withdrawnAt: null, regionId: { not: null } },
    orderBy: { createdAt: "asc" },
  });
  const regions = await deps.db.org.findMany({
    where: { id: { in: [...new Set(keys.map((k) => k.regionId!))] } },
    select: { id: true, name: true },
  });
  const names = new Map(regions.map((r) => [r.id, r.name]));
  return {
    type: "DangjianCardTrustList",
    version: 1,
    issued: deps.now().toISOString(),
    ttl: Math.round(STATUS_LIST_TTL_MS / 1000),
    keys: keys.map((k): TrustListKeyJson => {
      const common = {
        kid: k.kid,
        regionId: k.regionId!,
        regionName: names.get(k.regionId!) ?? "",
        createdAt: k.createdAt.toISOString(),
        retiredAt: k.retiredAt?.toISOString() ?? null,
        statusList: statusListPath(k.regionId!),
      };
      if (issuerAlgorithm(k.algorithm) === "EdDSA") return { ...common, alg: "EdDSA", crv: "Ed25519", x: k.publicKey };
      // ES256: the stored uncompressed point 0x04‖x‖y, published as JWK-style coordinates
      const point = fromBase64url(k.publicKey);
      return {
        ...common,
        alg: "ES256",
        crv: "P-256",
        x: base64url(point.subarray(1, 33)),
        y: base64url(point.subarray(33, 65)),
      };
    }),
  };
}

/** The region's bitstring (uncompressed): a bit for every index ever handed out, ended ones set. */
export async function statusBitstring(deps: ServiceDeps, regionId: string): Promise<Uint8Array> {
  const [highest] = await deps.db.$queryRawUnsafe<Array<{ max: number | null }>>(
    `SELECT max("statusIndex") AS max FROM "CardBinding" WHERE "regionId" = $1::uuid`,
    regionId,
  );
  const ended = await deps.db.$queryRawUnsafe<Array<{ statusIndex: number }>>(
    `SELECT "statusIndex" FROM "CardBinding" WHERE "regionId" = $1::uuid AND "endedAt" IS NOT NULL`,
    regionId,
  );
  // indices are spread at random over the list (ADR 0504): its length covers the highest one
  const bits = new Uint8Array(statusListBits(highest?.max ?? 0) / 8);
  for (const row of ended) setStatusBit(bits, row.statusIndex);
  return bits;
}

export async function statusList(
  deps: ServiceDeps,
  regionId: string,
  origin: string,
): Promise<StatusListCredentialJson> {
  const region = await deps.db.org.findUnique({ where: { id: regionId }, select: { id: true, level: true } });
  if (!region) throw new AppError("NOT_FOUND", "card.regionNotFound");
  const bits = await statusBitstring(deps, regionId);
  const gzipped = new Uint8Array(gzipSync(bits, { level: 9 }));
  const now = deps.now();
  // signed by the region's issuer key, so that a verifier can trust its cached copy (ADR 0504)
  const key = await deps.db.$transaction((tx) => activeRegionKey(deps, tx, regionId));
  return statusListCredential({
    url: `${origin}${statusListPath(regionId)}`,
    issuer: `${origin}/card/regions/${regionId}`,
    now,
    ttlMs: STATUS_LIST_TTL_MS,
    gzipped,
    proof: signStatusList({ regionId, now, ttlMs: STATUS_LIST_TTL_MS, gzipped, signer: key }),
  });
}
