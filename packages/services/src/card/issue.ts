// Issuing the e-party card: the member's phone registers its device key (binding), the region's
// issuer key signs a card bound to it, renewed before expiry while the member is in good
// standing. Ending a binding (new phone, lost phone, transfer out, membership ended, committee
// suspension or revocation) sets its bit in the region's status list; a new binding gets a new
// index. One transaction per use case; the member row is locked so two binds cannot interleave.
import { randomInt } from "node:crypto";
import { z } from "zod";
import { AppError, partyAgeYears } from "@dangjian/core";
import { chinaYear } from "@dangjian/core/time";
import {
  CARD_RENEW_BEFORE_DAYS,
  CARD_VALIDITY_SECONDS,
  base64url,
  fitCardClaims,
  compressP256,
  fromBase64url,
  readCardClaims,
  signCard,
  statusListBits,
  type CardClaims,
} from "@dangjian/core/card";
import type { CardBindingEndReason, DbTx } from "@dangjian/db";
import { authorize, type Actor } from "../actor.ts";
import type { ServiceDeps } from "../deps.ts";
import { activeRegionKey, type SigningKey } from "./keys.ts";

const DAY_MS = 86_400_000;

/** The issuing region of an organisation: its city committee (or the top of its tree). */
export async function regionOf(tx: DbTx, orgId: string): Promise<string> {
  const org = await tx.org.findUniqueOrThrow({
    where: { id: orgId },
    select: { id: true, level: true, ancestorIds: true },
  });
  if (org.level === "CITY") return org.id;
  const city = await tx.org.findFirst({ where: { id: { in: org.ancestorIds }, level: "CITY" }, select: { id: true } });
  return city?.id ?? org.ancestorIds[0] ?? org.id;
}

/** Accepts a WebCrypto raw (65-byte) or compressed (33-byte) P-256 key; answers it compressed. */
export function normaliseDeviceKey(text: string): Uint8Array {
  try {
    const raw = fromBase64url(text);
    if (raw.length !== 65 && raw.length !== 33) throw new Error("length");
    return compressP256(raw);
  } catch {
    throw new AppError("BAD_INPUT", "card.deviceKeyInvalid");
  }
}

const lockedMemberSelect = {
  id: true,
  memberNo: true,
  name: true,
  status: true,
  active: true,
  branchId: true,
  branch: { select: { name: true, shortName: true } },
  card: { select: { status: true } },
} as const;

async function lockMember(tx: DbTx, memberId: string) {
  await tx.$executeRawUnsafe(`SELECT pg_advisory_xact_lock(hashtext($1))`, `card-member:${memberId}`);
  return tx.member.findUniqueOrThrow({ where: { id: memberId }, select: lockedMemberSelect });
}

type LockedMember = Awaited<ReturnType<typeof lockMember>>;

function inGoodStanding(member: LockedMember): boolean {
  return member.active && (member.card?.status ?? "ACTIVE") === "ACTIVE";
}

/**
 * A free status index of the region, drawn at random (ADR 0504): indices do not reveal the order
 * in which members joined or bound their phones. The list stays at most half full (its length
 * grows by 131,072 entries as needed), so a few draws find a free index. Serialised per region.
 */
async function allocateIndex(tx: DbTx, regionId: string): Promise<number> {
  await tx.$executeRawUnsafe(`SELECT pg_advisory_xact_lock(hashtext($1))`, `card-index:${regionId}`);
  await tx.$executeRawUnsafe(
    `INSERT INTO "CardStatusList" ("regionId", "nextIndex", "updatedAt") VALUES ($1::uuid, 0, now()) ON CONFLICT ("regionId") DO UPDATE SET "updatedAt" = now()`,
    regionId,
  );
  const used = await tx.cardBinding.count({ where: { regionId } });
  const size = statusListBits(2 * used + 1);
  for (;;) {
    const candidates = [...new Set(Array.from({ length: 8 }, () => randomInt(size)))];
    const taken = new Set(
      (
        await tx.cardBinding.findMany({
          where: { regionId, statusIndex: { in: candidates } },
          select: { statusIndex: true },
        })
      ).map((b) => b.statusIndex),
    );
    const free = candidates.find((c) => !taken.has(c));
    if (free !== undefined) return free;
  }
}

async function endLiveBinding(
  deps: ServiceDeps,
  tx: DbTx,
  memberId: string,
  reason: CardBindingEndReason,
): Promise<number> {
  const ended = await tx.cardBinding.updateMany({
    where: { memberId, endedAt: null },
    data: { endedAt: deps.now(), endReason: reason },
  });
  if (ended.count > 0) {
    await tx.$executeRawUnsafe(
      `UPDATE "CardStatusList" SET "updatedAt" = now() WHERE "regionId" IN (SELECT "regionId" FROM "CardBinding" WHERE "memberId" = $1::uuid)`,
      memberId,
    );
  }
  return ended.count;
}

/** The card for a live binding, signed by `key` at `now` (nothing stored). */
function cardFor(
  member: LockedMember,
  binding: { statusIndex: number; devicePublicKey: string },
  key: SigningKey,
  now: Date,
): { credential: Uint8Array; exp: number } {
  const iat = Math.floor(now.getTime() / 1000);
  // the branch by its short name; a very long name or branch is cut so the QR stays version 10-L
  const claims: CardClaims = fitCardClaims(
    {
      memberNo: member.memberNo,
      name: member.name,
      branch: member.branch.shortName ?? member.branch.name,
      status: member.status === "FULL" ? "FULL" : "PROBATIONARY",
      statusIndex: binding.statusIndex,
      iat,
      exp: iat + CARD_VALIDITY_SECONDS,
      deviceKey: fromBase64url(binding.devicePublicKey),
    },
    key.kid.length,
  );
  return { credential: signCard(claims, key), exp: claims.exp };
}

/** Signs a fresh card for a live binding and stores it on the binding. */
async function issueFor(
  deps: ServiceDeps,
  tx: DbTx,
  member: LockedMember,
  binding: { id: string; regionId: string; statusIndex: number; devicePublicKey: string },
) {
  const key = await activeRegionKey(deps, tx, binding.regionId);
  const now = deps.now();
  const { credential, exp } = cardFor(member, binding, key, now);
  await tx.cardBinding.update({
    where: { id: binding.id },
    data: {
      credential: new Uint8Array(credential),
      kid: key.kidText,
      issuedAt: now,
      expiresAt: new Date(exp * 1000),
    },
  });
  return credential;
}

/** The phone's WebCrypto P-256 public key, base64url raw or compressed. */
export const bindDeviceInput = z.object({
  publicKey: z
    .string()
    .min(40)
    .max(100)
    .regex(/^[A-Za-z0-9_-]+$/),
});

/** Registers the phone's public key; a different phone ends the previous binding. Idempotent. */
export async function bindDevice(deps: ServiceDeps, actor: Actor, input: z.input<typeof bindDeviceInput>) {
  if (!actor.memberId) throw new AppError("NOT_FOUND", "member.notAMember");
  const deviceKey = base64url(normaliseDeviceKey(input.publicKey));
  const memberId = actor.memberId;
  await deps.db.$transaction(async (tx) => {
    const member = await lockMember(tx, memberId);
    if (!inGoodStanding(member)) throw new AppError("FORBIDDEN", "card.notInGoodStanding");
    const live = await tx.cardBinding.findFirst({ where: { memberId, endedAt: null } });
    const regionId = await regionOf(tx, member.branchId);
    if (live && live.devicePublicKey === deviceKey && live.regionId === regionId) return;
    if (live) await endLiveBinding(deps, tx, memberId, live.regionId === regionId ? "NEW_DEVICE" : "TRANSFER_OUT");
    const statusIndex = await allocateIndex(tx, regionId);
    const binding = await tx.cardBinding.create({
      data: { memberId, regionId, statusIndex, devicePublicKey: deviceKey, createdAt: deps.now() },
    });
    await issueFor(deps, tx, member, binding);
  });
  return syncCard(deps, actor);
}

export interface CardSync {
  /** base64url COSE_Sign1, or null when the phone is not bound (or the card is not in good standing) */
  credential: string | null;
  devicePublicKey: string | null;
  expiresAt: Date | null;
  cardStatus: "ACTIVE" | "SUSPENDED" | "REVOKED" | null;
  name: string;
  memberNo: string;
  branchName: string;
  partyAgeYears: number;
  memberStatus: "FULL" | "PROBATIONARY";
  /** the last month whose dues are paid ("YYYY-MM"), null when none */
  duesPaidThrough: string | null;
  studyHoursThisYear: number;
  syncedAt: Date;
}

/** What the phone keeps for offline use; renews the card first when it is due (or its key retired). */
export async function syncCard(deps: ServiceDeps, actor: Actor): Promise<CardSync> {
  if (!actor.memberId) throw new AppError("NOT_FOUND", "member.notAMember");
  const memberId = actor.memberId;
  const now = deps.now();
  const binding = await deps.db.$transaction(async (tx) => {
    const member = await lockMember(tx, memberId);
    const live = await tx.cardBinding.findFirst({ where: { memberId, endedAt: null } });
    if (!live || !inGoodStanding(member)) return { member, live: null, credential: null };
    const activeKey = await tx.cardKey.findFirst({
      where: { regionId: live.regionId, active: true, withdrawnAt: null },
      select: { kid: true },
    });
    const due =
      !live.credential ||
      !live.expiresAt ||
      live.expiresAt.getTime() - now.getTime() < CARD_RENEW_BEFORE_DAYS * DAY_MS ||
      live.kid !== activeKey?.kid ||
      !readCardClaims(live.credential);
    const credential = due ? await issueFor(deps, tx, member, live) : new Uint8Array(live.credential!);
    const fresh = await tx.cardBinding.findUniqueOrThrow({ where: { id: live.id } });
    return { member, live: fresh, credential };
  });
  const m = await deps.db.member.findUniqueOrThrow({
    where: { id: memberId },
    select: {
      name: true,
      memberNo: true,
      status: true,
      joinedOn: true,
      fullMemberOn: true,
      branch: { select: { name: true } },
      card: { select: { status: true } },
    },
  });
  const lastDues = await deps.db.duesMonth.findFirst({
    where: { memberId },
    orderBy: { month: "desc" },
    select: { month: true },
  });
  const year = chinaYear(now);
  const study = await deps.db.studyCredit.aggregate({ where: { memberId, year }, _sum: { seconds: true } });
  return {
    credential: binding.credential ? base64url(binding.credential) : null,
    devicePublicKey: binding.live?.devicePublicKey ?? null,
    expiresAt: binding.live?.expiresAt ?? null,
    cardStatus: m.card?.status ?? null,
    name: m.name,
    memberNo: m.memberNo,
    branchName: m.branch.name,
    partyAgeYears: m.status === "FULL" ? partyAgeYears(m.fullMemberOn ?? m.joinedOn, now) : 0,
    memberStatus: m.status === "FULL" ? "FULL" : "PROBATIONARY",
    duesPaidThrough: lastDues ? lastDues.month.toISOString().slice(0, 7) : null,
    studyHoursThisYear: Math.round(((study._sum.seconds ?? 0) / 3600) * 10) / 10,
    syncedAt: now,
  };
}

/** The member reports their phone lost: the binding ends (bit set); binding a new phone gives a new index. */
export async function reportLostDevice(deps: ServiceDeps, actor: Actor) {
  if (!actor.memberId) throw new AppError("NOT_FOUND", "member.notAMember");
  const memberId = actor.memberId;
  const count = await deps.db.$transaction(async (tx) => {
    await lockMember(tx, memberId);
    return endLiveBinding(deps, tx, memberId, "LOST_DEVICE");
  });
  return { ended: count };
}

export const CARD_ACTIONS = [
  "SUSPEND",
  "REVOKE",
  "REINSTATE",
  "LOST_DEVICE",
  "TRANSFER_OUT",
  "MEMBERSHIP_ENDED",
] as const;
export type CardAction = (typeof CARD_ACTIONS)[number];

export const changeCardStatusInput = z.object({ memberId: z.uuid(), action: z.enum(CARD_ACTIONS) });
export type ChangeCardStatusInput = z.input<typeof changeCardStatusInput>;

/**
 * A committee (or the platform, on transfer or loss of membership) acts on a member's card:
 * suspension and revocation end the live binding; reinstating a suspended card binds the same
 * phone again under a new status index (a set bit is never cleared).
 */
export async function changeCardStatus(deps: ServiceDeps, actor: Actor, input: ChangeCardStatusInput) {
  const target = await deps.db.member.findUnique({ where: { id: input.memberId }, select: { branchId: true } });
  if (!target) throw new AppError("NOT_FOUND", "card.memberNotFound");
  await authorize(deps, actor, "card.manage", target.branchId);
  return applyCardStatus(deps, input);
}

/** The same change, by the platform itself (e.g. a completed transfer out of the region). */
export async function applyCardStatus(deps: ServiceDeps, input: ChangeCardStatusInput) {
  return deps.db.$transaction(async (tx) => {
    const member = await lockMember(tx, input.memberId);
    const now = deps.now();
    const setCard = async (status: "ACTIVE" | "SUSPENDED" | "REVOKED") => {
      await tx.card.upsert({
        where: { memberId: member.id },
        create: {
          memberId: member.id,
          serial: `EC${member.memberNo}`,
          status,
          issuedAt: now,
          revokedAt: status === "ACTIVE" ? null : now,
        },
        update: { status, revokedAt: status === "ACTIVE" ? null : now },
      });
    };
    switch (input.action) {
      case "SUSPEND":
        if (member.card?.status === "REVOKED") throw new AppError("CONFLICT", "card.alreadyRevoked");
        await setCard("SUSPENDED");
        await endLiveBinding(deps, tx, member.id, "SUSPENDED");
        break;
      case "REVOKE":
      case "MEMBERSHIP_ENDED":
        await setCard("REVOKED");
        await endLiveBinding(deps, tx, member.id, input.action === "REVOKE" ? "REVOKED" : "MEMBERSHIP_ENDED");
        break;
      case "LOST_DEVICE":
      case "TRANSFER_OUT":
        await endLiveBinding(deps, tx, member.id, input.action);
        break;
      case "REINSTATE": {
        if (member.card?.status !== "SUSPENDED") throw new AppError("CONFLICT", "card.notSuspended");
        await setCard("ACTIVE");
        const last = await tx.cardBinding.findFirst({
          where: { memberId: member.id, endReason: "SUSPENDED" },
          orderBy: { endedAt: "desc" },
        });
        if (last && member.active) {
          const regionId = await regionOf(tx, member.branchId);
          const binding = await tx.cardBinding.create({
            data: {
              memberId: member.id,
              regionId,
              statusIndex: await allocateIndex(tx, regionId),
              devicePublicKey: last.devicePublicKey,
              createdAt: now,
            },
          });
          await issueFor(deps, tx, { ...member, card: { status: "ACTIVE" } }, binding);
        }
        break;
      }
    }
    const card = await tx.card.findUnique({ where: { memberId: member.id }, select: { status: true } });
    return { memberId: member.id, cardStatus: card?.status ?? "ACTIVE" };
  });
}

/** Members renewed in one transaction by the worker's job (ADR 0508). */
export const RENEW_BATCH = 250;

/**
 * Renews live cards expiring within the renewal margin whose member is in good standing (the worker
 * runs it daily; a phone also renews on its next sync), at most `limit`, soonest expiry first.
 * Returns how many were renewed. Batched (ADR 0508): one transaction per `RENEW_BATCH` members —
 * their locks taken in one statement in a fixed order, members and bindings read in two queries,
 * one key per region, the cards signed in this process and written in one statement. Idempotent:
 * a card renewed meanwhile (by the phone's sync) is no longer due and is skipped.
 */
export async function renewDueCards(deps: ServiceDeps, limit = 2000): Promise<number> {
  const before = new Date(deps.now().getTime() + CARD_RENEW_BEFORE_DAYS * DAY_MS);
  // soonest expiry first, members in good standing only (as `inGoodStanding`), so that others never
  // hold the first places: an index scan on (endedAt, expiresAt) that stops at the limit
  const due = await deps.db.$queryRawUnsafe<Array<{ memberId: string }>>(
    `SELECT b."memberId"::text AS "memberId" FROM "CardBinding" b
       JOIN "Member" m ON m.id = b."memberId"
       LEFT JOIN "Card" c ON c."memberId" = b."memberId"
     WHERE b."endedAt" IS NULL AND b."expiresAt" < $1::timestamp(3) AND m.active
       AND (c.status IS NULL OR c.status = 'ACTIVE')
     ORDER BY b."expiresAt"
     LIMIT $2::int`,
    before.toISOString(),
    limit,
  );
  let renewed = 0;
  for (let i = 0; i < due.length; i += RENEW_BATCH) {
    const memberIds = [...new Set(due.slice(i, i + RENEW_BATCH).map((d) => d.memberId))];
    renewed += await deps.db.$transaction((tx) => renewBatch(deps, tx, memberIds, before));
  }
  return renewed;
}

async function renewBatch(deps: ServiceDeps, tx: DbTx, memberIds: string[], before: Date): Promise<number> {
  // the same per-member locks as every other card use case, taken in the order of their lock keys so
  // that two workers renewing overlapping batches cannot deadlock
  await tx.$executeRawUnsafe(
    `SELECT count(pg_advisory_xact_lock(h)) FROM (SELECT hashtext(k) AS h FROM unnest($1::text[]) k ORDER BY 1) s`,
    memberIds.map((id) => `card-member:${id}`),
  );
  const members = await tx.member.findMany({ where: { id: { in: memberIds } }, select: lockedMemberSelect });
  const byId = new Map(members.map((m) => [m.id, m]));
  const live = await tx.cardBinding.findMany({
    where: { memberId: { in: memberIds }, endedAt: null, expiresAt: { lt: before } },
    select: { id: true, memberId: true, regionId: true, statusIndex: true, devicePublicKey: true },
  });
  const keys = new Map<string, SigningKey>();
  const now = deps.now();
  const rows: Array<{ id: string; credential: Uint8Array; kid: string; exp: number }> = [];
  for (const binding of live) {
    const member = byId.get(binding.memberId);
    if (!member || !inGoodStanding(member)) continue;
    let key = keys.get(binding.regionId);
    if (!key) {
      key = await activeRegionKey(deps, tx, binding.regionId);
      keys.set(binding.regionId, key);
    }
    const { credential, exp } = cardFor(member, binding, key, now);
    rows.push({ id: binding.id, credential, kid: key.kidText, exp });
  }
  if (rows.length === 0) return 0;
  // DateTime columns hold UTC without a zone, as Prisma writes them (the ISO text's "Z" is ignored)
  return tx.$executeRawUnsafe(
    `UPDATE "CardBinding" b SET credential = u.credential, kid = u.kid, "issuedAt" = $5::timestamp(3), "expiresAt" = u.exp
     FROM unnest($1::uuid[], $2::bytea[], $3::text[], $4::timestamp(3)[]) AS u(id, credential, kid, exp)
     WHERE b.id = u.id`,
    rows.map((r) => r.id),
    rows.map((r) => Buffer.from(r.credential)),
    rows.map((r) => r.kid),
    rows.map((r) => new Date(r.exp * 1000).toISOString()),
    now.toISOString(),
  );
}

export const cardStatusOfInput = z.object({ memberId: z.uuid() });

/** A committee's view of one member's card (who may suspend or revoke it sees it). */
export async function cardStatusOf(deps: ServiceDeps, actor: Actor, input: z.input<typeof cardStatusOfInput>) {
  const member = await deps.db.member.findUnique({
    where: { id: input.memberId },
    select: {
      id: true,
      name: true,
      memberNo: true,
      branchId: true,
      branch: { select: { name: true } },
      card: { select: { status: true } },
    },
  });
  if (!member) throw new AppError("NOT_FOUND", "card.memberNotFound");
  await authorize(deps, actor, "card.manage", member.branchId);
  const live = await deps.db.cardBinding.findFirst({
    where: { memberId: member.id, endedAt: null },
    select: { createdAt: true, expiresAt: true },
  });
  const ended = await deps.db.cardBinding.count({ where: { memberId: member.id, endedAt: { not: null } } });
  return {
    memberId: member.id,
    name: member.name,
    memberNo: member.memberNo,
    branchName: member.branch.name,
    cardStatus: member.card?.status ?? "ACTIVE",
    boundSince: live?.createdAt ?? null,
    expiresAt: live?.expiresAt ?? null,
    endedBindings: ended,
  };
}

/**
 * A member moved branch (transfer completed), inside the caller's transaction: leaving the region
 * ends the phone's binding (TRANSFER_OUT: the bit is set; binding again gives an index in the new
 * region); inside the region the card is re-issued on the next sync with the new branch name.
 */
export async function onMemberBranchChange(
  deps: ServiceDeps,
  tx: DbTx,
  memberId: string,
  fromOrgId: string,
  toOrgId: string,
): Promise<void> {
  const [from, to] = [await regionOf(tx, fromOrgId), await regionOf(tx, toOrgId)];
  if (from !== to) {
    await endLiveBinding(deps, tx, memberId, "TRANSFER_OUT");
    return;
  }
  await tx.cardBinding.updateMany({ where: { memberId, endedAt: null }, data: { expiresAt: deps.now() } });
}
