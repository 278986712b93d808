// "Is this person already on the platform?" — asked when adding, editing and importing members.
// The answer is only what the caller needs: in my own organisations (they can see it anyway) or
// registered elsewhere (never where). Every check is audited (counts only, never the values) and
// budgeted per account per day; the budget is counted in PostgreSQL under a transaction-scoped
// advisory lock, so it holds across any number of gateway processes and concurrent requests.
import { AppError, can, REGISTERED_CHECKS_PER_DAY } from "@dangjian/core";
import type { Prisma } from "@dangjian/db";
import { piiHash } from "@dangjian/db/pii";
import type { Actor } from "../actor.ts";
import type { ServiceDeps } from "../deps.ts";
import { audit } from "../audit.ts";

export interface PersonKeys {
  idNumber: string | null;
  phone: string | null;
}

export type Registered = "here" | "elsewhere";

const DAY_MS = 86_400_000;

export async function findRegistered(
  deps: ServiceDeps,
  actor: Actor,
  input: { orgId: string; purpose: "add" | "update" | "import"; people: PersonKeys[]; excludeMemberId?: string },
): Promise<Map<number, Registered>> {
  const people = input.people.map((p) => ({
    idNumber: p.idNumber?.trim().toUpperCase() || null,
    phone: p.phone?.trim() || null,
  }));
  const checked = people.filter((p) => p.idNumber || p.phone).length;
  if (checked === 0) return new Map();
  const now = deps.now();
  return deps.db.$transaction(async (tx) => {
    await tx.$executeRaw`SELECT pg_advisory_xact_lock(hashtextextended(${`members.registeredCheck:${actor.accountId}`}, 0))`;
    const since = new Date(now.getTime() - DAY_MS);
    const used = await tx.$queryRaw<Array<{ used: number | null }>>`
      SELECT coalesce(sum((data->>'checked')::int), 0)::int AS used FROM "AuditLog"
      WHERE "accountId" = ${actor.accountId}::uuid AND action = 'members.registeredCheck' AND at > ${since}`;
    if ((used[0]?.used ?? 0) + checked > REGISTERED_CHECKS_PER_DAY)
      throw new AppError("TOO_MANY_REQUESTS", "members.errorCheckLimit", { max: REGISTERED_CHECKS_PER_DAY });
    // looked up by keyed hash: the values themselves are stored encrypted (ADR 0752)
    const hashed = people.map((p) => ({
      id: p.idNumber ? piiHash(deps.pii, "idNumber", p.idNumber) : null,
      phone: p.phone ? piiHash(deps.pii, "phone", p.phone) : null,
    }));
    const ids = hashed.map((p) => p.id).filter((v): v is string => v !== null);
    const phones = hashed.map((p) => p.phone).filter((v): v is string => v !== null);
    const where: Prisma.MemberWhereInput = { OR: [{ idNumberHash: { in: ids } }, { phoneHash: { in: phones } }] };
    if (input.excludeMemberId) where.id = { not: input.excludeMemberId };
    const existing = await tx.member.findMany({
      where,
      select: { idNumberHash: true, phoneHash: true, branch: { select: { id: true, ancestorIds: true } } },
    });
    const answer = (e: (typeof existing)[number]): Registered =>
      can(actor.grants, "member.list", e.branch) ? "here" : "elsewhere";
    const byId = new Map(existing.filter((e) => e.idNumberHash).map((e) => [e.idNumberHash!, answer(e)]));
    const byPhone = new Map(existing.filter((e) => e.phoneHash).map((e) => [e.phoneHash!, answer(e)]));
    const found = new Map<number, Registered>();
    hashed.forEach((p, i) => {
      const hit = (p.id ? byId.get(p.id) : undefined) ?? (p.phone ? byPhone.get(p.phone) : undefined);
      if (hit) found.set(i, hit);
    });
    await audit(tx, actor, {
      action: "members.registeredCheck",
      entityType: "Org",
      entityId: input.orgId,
      orgId: input.orgId,
      at: now,
      data: { checked, found: found.size, purpose: input.purpose },
    });
    return found;
  });
}

/** The error for a single person found by findRegistered. */
export function registeredError(where: Registered): AppError {
  return new AppError("CONFLICT", where === "here" ? "members.errorAlreadyHere" : "members.errorRegisteredElsewhere");
}
