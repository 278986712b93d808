// Signing in and expecting errors, shared by the integration tests.
import { expect } from "vitest";
import { AppError } from "@dangjian/core";
import { actorWithoutSession, type Actor } from "../../src/index.ts";
import type { TestDatabase } from "./database.ts";
import { PASSWORD } from "./fixtures.ts";

/** The actor behind a real login (password check, session, grants) for `phone`. */
export async function loginActor(t: TestDatabase, phone: string, password = PASSWORD): Promise<Actor> {
  const { token } = await t.services.auth.login({ identifier: phone, password, ip: null, userAgent: null });
  const session = await t.services.auth.resolveSession(token);
  if (session.kind !== "ok") throw new Error("login failed");
  return session.actor;
}

/** The AppError a use case rejects with (fails the test if it resolves or throws anything else). */
export async function errorOf(promise: Promise<unknown>): Promise<AppError> {
  const error = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(AppError);
  return error as AppError;
}

/** A school administrator of `org` acting without a login (the school use cases read only the grant). */
export function schoolAdminActor(
  org: { id: string; name: string } = { id: crypto.randomUUID(), name: "x" },
  account: { id: string; displayName: string } = { id: crypto.randomUUID(), displayName: "管理员" },
): Actor {
  return actorWithoutSession({
    accountId: account.id,
    sessionId: "s",
    displayName: account.displayName,
    grants: [{ role: "SCHOOL_ADMIN", orgId: org.id, orgName: org.name, orgAncestorIds: [] }],
  });
}
