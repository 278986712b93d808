// Callers for the API tests, signed in through the real login and session as the gateway signs
// them in, and the errors they meet.
import { expect } from "vitest";
import { TRPCError } from "@trpc/server";
import { PASSWORD, type TestDatabase } from "@dangjian/services/testing";
import { createCaller, createContextFactory, type AppCaller } from "../src/index.ts";

/** Where a request comes from, as the context records it. */
export interface Client {
  ip: string | null;
  userAgent: string | null;
}
export const TEST_CLIENT: Client = { ip: "127.0.0.1", userAgent: "vitest" };

/** A caller signed in with `phone` and the test password (anonymous for null), calling from `client`. */
export async function signedInCaller(
  t: TestDatabase,
  phone: string | null,
  client: Client = TEST_CLIENT,
): Promise<AppCaller> {
  const login = phone
    ? await t.services.auth.login({ identifier: phone, password: PASSWORD, ip: null, userAgent: null })
    : null;
  return createCaller(await createContextFactory(t.services)({ sessionToken: login?.token ?? null, ...client }));
}

/** The TRPCError a call rejects with (fails the test if it resolves or throws anything else). */
export async function trpcErrorOf(promise: Promise<unknown>): Promise<TRPCError> {
  const error = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(TRPCError);
  return error as TRPCError;
}

/** "ok", or the code of the TRPCError a call rejects with (any other rejection as text). */
export async function codeOf(promise: Promise<unknown>): Promise<string> {
  return promise.then(
    () => "ok",
    (e: unknown) => (e instanceof TRPCError ? e.code : String(e)),
  );
}
