import { createHash, randomBytes } from "node:crypto";
import { AppError, COMMITTEE_ROLES, loginWaitMinutes, LOGIN_THROTTLE, type Role } from "@dangjian/core";
import type { Actor } from "../actor.ts";
import type { ServiceDeps } from "../deps.ts";
import { dummyPasswordHash, verifyPassword } from "./passwords.ts";

export const SESSION_TTL_MS = 7 * 24 * 3600_000;
/** Sessions are extended on use, but not on every request. */
const SESSION_REFRESH_AFTER_MS = 24 * 3600_000;

export interface LoginInput {
  identifier: string;
  password: string;
  ip: string | null;
  userAgent: string | null;
}

export interface Me {
  accountId: string;
  displayName: string;
  memberId: string | null;
  branchId: string | null;
  branchName: string | null;
  grants: Array<{ role: Role; orgId: string; orgName: string }>;
  /** the highest organisation where the user works for the committee, if any */
  committeeOrgId: string | null;
}

function sessionId(token: string): string {
  return createHash("sha256").update(token).digest("hex");
}

export async function login(deps: ServiceDeps, input: LoginInput): Promise<{ token: string; expiresAt: Date; me: Me }> {
  const identifier = input.identifier.trim();
  if (!identifier) throw new AppError("BAD_INPUT", "auth.identifierRequired");
  if (!input.password) throw new AppError("BAD_INPUT", "auth.passwordRequired");
  const now = deps.now();

  const failures = await deps.db.loginAttempt.findMany({
    where: { identifier, succeeded: false, at: { gt: new Date(now.getTime() - LOGIN_THROTTLE.windowMs) } },
    select: { at: true },
  });
  const wait = loginWaitMinutes(
    failures.map((f) => f.at),
    now,
  );
  if (wait > 0) throw new AppError("TOO_MANY_REQUESTS", "auth.throttled", { minutes: wait });

  const account = await deps.db.account.findFirst({
    where: { OR: [{ phone: identifier }, { member: { memberNo: identifier.toUpperCase() } }] },
  });
  const ok = await verifyPassword(account?.passwordHash ?? (await dummyPasswordHash()), input.password);
  if (!account || !ok) {
    await deps.db.loginAttempt.create({ data: { identifier, ip: input.ip, succeeded: false, at: now } });
    throw new AppError("UNAUTHENTICATED", "auth.wrongCredentials");
  }
  if (!account.active) throw new AppError("FORBIDDEN", "auth.accountDisabled");

  const token = randomBytes(32).toString("base64url");
  const expiresAt = new Date(now.getTime() + SESSION_TTL_MS);
  const sid = sessionId(token);
  await deps.db.$transaction([
    deps.db.session.create({ data: { id: sid, accountId: account.id, createdAt: now, lastSeenAt: now, expiresAt, ip: input.ip, userAgent: input.userAgent?.slice(0, 300) ?? null } }),
    deps.db.loginAttempt.create({ data: { identifier, ip: input.ip, succeeded: true, at: now } }),
    deps.db.account.update({ where: { id: account.id }, data: { lastLoginAt: now } }),
    deps.db.auditLog.create({ data: { accountId: account.id, action: "auth.login", entityType: "Account", entityId: account.id, ip: input.ip, at: now } }),
  ]);
  const actor = await resolveSession(deps, token);
  if (actor.kind !== "ok") throw new AppError("UNAUTHENTICATED", "error.sessionExpired");
  return { token, expiresAt, me: describeActor(actor.actor) };
}

export type SessionResolution =
  | { kind: "ok"; actor: Actor; expiresAt: Date; /** true when this request extended the session */ extended: boolean }
  | { kind: "expired" }
  | { kind: "none" };

export async function resolveSession(deps: ServiceDeps, token: string | null): Promise<SessionResolution> {
  if (!token) return { kind: "none" };
  const session = await deps.db.session.findUnique({
    where: { id: sessionId(token) },
    include: {
      account: {
        include: {
          member: { select: { id: true, branchId: true, branch: { select: { name: true } } } },
          roleGrants: { include: { org: { select: { name: true, ancestorIds: true, depth: true } } } },
        },
      },
    },
  });
  if (!session) return { kind: "none" };
  const now = deps.now();
  if (session.expiresAt <= now || !session.account.active) return { kind: "expired" };
  let expiresAt = session.expiresAt;
  const extended = now.getTime() - session.lastSeenAt.getTime() > SESSION_REFRESH_AFTER_MS;
  if (extended) {
    expiresAt = new Date(now.getTime() + SESSION_TTL_MS);
    await deps.db.session.update({ where: { id: session.id }, data: { lastSeenAt: now, expiresAt } });
  }
  const { account } = session;
  return {
    kind: "ok",
    expiresAt,
    extended,
    actor: {
      accountId: account.id,
      sessionId: session.id,
      displayName: account.displayName,
      memberId: account.member?.id ?? null,
      branchId: account.member?.branchId ?? null,
      branchName: account.member?.branch.name ?? null,
      grants: account.roleGrants
        .sort((a, b) => a.org.depth - b.org.depth)
        .map((g) => ({ role: g.role, orgId: g.orgId, orgName: g.org.name, orgAncestorIds: g.org.ancestorIds })),
    },
  };
}

export async function logout(deps: ServiceDeps, actor: Actor): Promise<void> {
  await deps.db.session.deleteMany({ where: { id: actor.sessionId } });
}

export function describeActor(actor: Actor): Me {
  const committee = actor.grants.find((g) => COMMITTEE_ROLES.has(g.role));
  return {
    accountId: actor.accountId,
    displayName: actor.displayName,
    memberId: actor.memberId,
    branchId: actor.branchId,
    branchName: actor.branchName,
    grants: actor.grants.map(({ role, orgId, orgName }) => ({ role, orgId, orgName })),
    committeeOrgId: committee?.orgId ?? null,
  };
}
