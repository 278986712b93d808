import { createHash, randomBytes } from "node:crypto";
import { z } from "zod";
import { piiHash } from "@dangjian/db/pii";
import {
  AppError,
  committeeGrant,
  loginWaitMinutes,
  LOGIN_IP_THROTTLE,
  LOGIN_THROTTLE,
  maskTypedIdentifier,
  newPasswordProblem,
  normaliseLoginIdentifier,
  type Role,
} from "@dangjian/core";
import type { Actor } from "../actor.ts";
import type { ServiceDeps } from "../deps.ts";
import { dummyPasswordHash, hashPassword, verifyPassword } from "./passwords.ts";

export const SESSION_TTL_MS = 7 * 24 * 3600_000;
/** However often it is used, a session ends this long after the login (ADR 0705). */
export const SESSION_MAX_AGE_MS = 30 * 24 * 3600_000;
/** Login attempts are kept this long for the audit, then purged (the throttle needs 15 minutes). */
export const LOGIN_ATTEMPT_RETENTION_MS = 30 * 24 * 3600_000;
/** Sessions are extended on use, but not on every request. */
const SESSION_REFRESH_AFTER_MS = 24 * 3600_000;

/** What the person types; the edge adds where the request came from. */
export const loginInput = z.object({ identifier: z.string().trim().max(64), password: z.string().max(256) });

export type LoginInput = z.output<typeof loginInput> & {
  ip: string | null;
  userAgent: string | null;
};

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

/**
 * Reserves one login attempt for `throttleKey` (and the client address), atomically: under
 * transaction-scoped advisory locks the recent failures are counted and, if the attempt is
 * allowed, a row is written as a failure *before* the password is checked. Concurrent attempts
 * on one account therefore queue on the lock and each sees the ones before it; the row is
 * turned into a success only when the password was right. Works across any number of gateway
 * processes because the lock and the count live in PostgreSQL (ADR 0701).
 */
async function reserveAttempt(
  deps: ServiceDeps,
  input: { identifier: string; throttleKey: string; ip: string | null; now: Date },
): Promise<bigint> {
  const { identifier, throttleKey, ip, now } = input;
  return deps.db.$transaction(async (tx) => {
    // Account lock first, address lock second, always in this order: no deadlock.
    await tx.$executeRaw`SELECT pg_advisory_xact_lock(hashtextextended(${`login:${throttleKey}`}, 0))`;
    if (ip) await tx.$executeRaw`SELECT pg_advisory_xact_lock(hashtextextended(${`login-ip:${ip}`}, 0))`;
    const since = new Date(now.getTime() - Math.max(LOGIN_THROTTLE.windowMs, LOGIN_IP_THROTTLE.windowMs));
    const failures = await tx.loginAttempt.findMany({
      where: { throttleKey, succeeded: false, at: { gt: since } },
      select: { at: true },
    });
    const wait = loginWaitMinutes(
      failures.map((f) => f.at),
      now,
      LOGIN_THROTTLE,
    );
    if (wait > 0) throw new AppError("TOO_MANY_REQUESTS", "auth.throttled", { minutes: wait });
    if (ip) {
      const fromIp = await tx.loginAttempt.findMany({
        where: { ip, succeeded: false, at: { gt: since } },
        select: { at: true },
        orderBy: { at: "desc" },
        take: LOGIN_IP_THROTTLE.maxFailures,
      });
      const ipWait = loginWaitMinutes(
        fromIp.map((f) => f.at),
        now,
        LOGIN_IP_THROTTLE,
      );
      if (ipWait > 0) throw new AppError("TOO_MANY_REQUESTS", "auth.throttledIp", { minutes: ipWait });
    }
    const attempt = await tx.loginAttempt.create({
      data: { identifier: identifier.slice(0, 64), throttleKey, ip, succeeded: false, at: now },
      select: { id: true },
    });
    return attempt.id;
  });
}

export async function login(deps: ServiceDeps, input: LoginInput): Promise<{ token: string; expiresAt: Date; me: Me }> {
  const identifier = normaliseLoginIdentifier(input.identifier);
  if (!identifier) throw new AppError("BAD_INPUT", "auth.identifierRequired");
  if (!input.password) throw new AppError("BAD_INPUT", "auth.passwordRequired");
  const now = deps.now();

  // The same lookup decides whose tries are counted: every spelling of one account is one key.
  const account = await deps.db.account.findFirst({
    where: { OR: [{ phoneHash: piiHash(deps.pii, "phone", identifier) }, { member: { memberNo: identifier } }] },
  });
  // an unknown identifier is counted under its keyed hash: whatever was typed (a phone, an ID
  // number by mistake) is never stored in clear; the attempt log keeps it masked (ADR 0752)
  const throttleKey = account ? `account:${account.id}` : `name:${piiHash(deps.pii, "phone", identifier)}`;
  const attemptId = await reserveAttempt(deps, {
    identifier: maskTypedIdentifier(identifier),
    throttleKey,
    ip: input.ip,
    now,
  });

  const ok = await verifyPassword(account?.passwordHash ?? (await dummyPasswordHash()), input.password);
  if (!account || !ok) throw new AppError("UNAUTHENTICATED", "auth.wrongCredentials");
  if (!account.active) throw new AppError("FORBIDDEN", "auth.accountDisabled");

  const token = randomBytes(32).toString("base64url");
  const expiresAt = new Date(now.getTime() + SESSION_TTL_MS);
  const sid = sessionId(token);
  await deps.db.$transaction([
    deps.db.session.create({
      data: {
        id: sid,
        accountId: account.id,
        createdAt: now,
        lastSeenAt: now,
        expiresAt,
        ip: input.ip,
        userAgent: input.userAgent?.slice(0, 300) ?? null,
      },
    }),
    deps.db.loginAttempt.update({ where: { id: attemptId }, data: { succeeded: true } }),
    deps.db.account.update({ where: { id: account.id }, data: { lastLoginAt: now } }),
    deps.db.auditLog.create({
      data: {
        accountId: account.id,
        action: "auth.login",
        entityType: "Account",
        entityId: account.id,
        ip: input.ip,
        at: now,
      },
    }),
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
  const endOfLife = session.createdAt.getTime() + SESSION_MAX_AGE_MS;
  if (session.expiresAt <= now || now.getTime() >= endOfLife || !session.account.active) return { kind: "expired" };
  let expiresAt = session.expiresAt;
  const extended =
    now.getTime() - session.lastSeenAt.getTime() > SESSION_REFRESH_AFTER_MS && expiresAt.getTime() < endOfLife;
  if (extended) {
    expiresAt = new Date(Math.min(now.getTime() + SESSION_TTL_MS, endOfLife));
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

/** Ends this session; says so (the procedure's answer). */
export async function logout(deps: ServiceDeps, actor: Actor): Promise<{ ok: true }> {
  await deps.db.session.deleteMany({ where: { id: actor.sessionId } });
  return { ok: true };
}

/** Ends every session of the account, this one included ("退出所有设备"). */
export async function logoutEverywhere(deps: ServiceDeps, actor: Actor, ip: string | null): Promise<{ ended: number }> {
  const now = deps.now();
  const [ended] = await deps.db.$transaction([
    deps.db.session.deleteMany({ where: { accountId: actor.accountId } }),
    deps.db.auditLog.create({
      data: {
        accountId: actor.accountId,
        action: "auth.logoutEverywhere",
        entityType: "Account",
        entityId: actor.accountId,
        ip,
        at: now,
      },
    }),
  ]);
  return { ended: ended.count };
}

export const changePasswordInput = z.object({
  currentPassword: z.string().max(256),
  newPassword: z.string().max(256),
  /** end the account's other sessions (other phones and computers) too */
  logoutOthers: z.boolean().default(true),
});

export type ChangePasswordInput = z.output<typeof changePasswordInput> & { ip: string | null };

/**
 * Changes the password after checking the current one. The check goes through the same
 * throttle as login (a stolen session must not become a password oracle); other sessions end
 * when asked, this one stays. Audited.
 */
export async function changePassword(
  deps: ServiceDeps,
  actor: Actor,
  input: ChangePasswordInput,
): Promise<{ endedSessions: number }> {
  const problem = newPasswordProblem(input.newPassword, input.currentPassword);
  if (problem) throw new AppError("BAD_INPUT", problem);
  const now = deps.now();
  const account = await deps.db.account.findUniqueOrThrow({ where: { id: actor.accountId } });
  const attemptId = await reserveAttempt(deps, {
    identifier: account.id,
    throttleKey: `account:${account.id}`,
    ip: input.ip,
    now,
  });
  if (!(await verifyPassword(account.passwordHash, input.currentPassword)))
    throw new AppError("BAD_INPUT", "auth.currentPasswordWrong");
  const passwordHash = await hashPassword(input.newPassword);
  const [, , ended] = await deps.db.$transaction([
    deps.db.account.update({ where: { id: account.id }, data: { passwordHash } }),
    deps.db.loginAttempt.update({ where: { id: attemptId }, data: { succeeded: true } }),
    deps.db.session.deleteMany({
      where: input.logoutOthers ? { accountId: account.id, id: { not: actor.sessionId } } : { id: "-" },
    }),
    deps.db.auditLog.create({
      data: {
        accountId: account.id,
        action: "auth.passwordChanged",
        entityType: "Account",
        entityId: account.id,
        ip: input.ip,
        at: now,
        data: { logoutOthers: input.logoutOthers },
      },
    }),
  ]);
  return { endedSessions: ended.count };
}

/** Deletes sessions past their end and login attempts past retention (worker, hourly). */
export async function purgeExpired(deps: ServiceDeps): Promise<{ sessions: number; loginAttempts: number }> {
  const now = deps.now();
  const sessions = await deps.db.session.deleteMany({
    where: { OR: [{ expiresAt: { lte: now } }, { createdAt: { lte: new Date(now.getTime() - SESSION_MAX_AGE_MS) } }] },
  });
  const loginAttempts = await deps.db.loginAttempt.deleteMany({
    where: { at: { lt: new Date(now.getTime() - LOGIN_ATTEMPT_RETENTION_MS) } },
  });
  return { sessions: sessions.count, loginAttempts: loginAttempts.count };
}

export function describeActor(actor: Actor): Me {
  const committee = committeeGrant(actor.grants);
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
