import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { AppError } from "@dangjian/core";
import { createRegion, createTestDatabase, PASSWORD, type Region, type TestDatabase } from "./support/index.ts";

let t: TestDatabase;
let region: Region;
const start = new Date("2026-11-01T08:00:00Z");

beforeAll(async () => {
  t = await createTestDatabase();
  region = await createRegion(t.services.deps.db);
});
afterAll(() => t.drop());

const login = (identifier: string, password: string) => t.services.auth.login({ identifier, password, ip: "127.0.0.1", userAgent: "vitest" });

async function expectAppError(promise: Promise<unknown>, code: string, key: string) {
  const error = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(AppError);
  expect((error as AppError).code).toBe(code);
  expect((error as AppError).messageKey).toBe(key);
  return error as AppError;
}

describe("login", () => {
  it("accepts a phone number and returns a session the services recognise", async () => {
    t.setNow(start);
    const result = await login(region.phones.secretary, PASSWORD);
    expect(result.token.length).toBeGreaterThan(30);
    expect(result.me.displayName).toBe("王强");
    expect(result.me.grants.map((g) => g.role).sort()).toEqual(["BRANCH_SECRETARY", "MEMBER"]);
    const session = await t.services.auth.resolveSession(result.token);
    expect(session.kind).toBe("ok");
    // the token itself is never stored
    expect(await t.services.deps.db.session.count({ where: { id: result.token } })).toBe(0);
  });

  it("accepts a member number", async () => {
    const member = await t.services.deps.db.member.findUniqueOrThrow({ where: { id: region.members.alice } });
    const result = await login(member.memberNo.toLowerCase(), PASSWORD);
    expect(result.me.memberId).toBe(region.members.alice);
  });

  it("refuses a wrong password and an unknown account with the same message, creating no session", async () => {
    const before = await t.services.deps.db.session.count();
    await expectAppError(login(region.phones.member, "wrong-password"), "UNAUTHENTICATED", "auth.wrongCredentials");
    await expectAppError(login("13000000000", PASSWORD), "UNAUTHENTICATED", "auth.wrongCredentials");
    expect(await t.services.deps.db.session.count()).toBe(before);
  });

  it("rejects empty input clearly", async () => {
    await expectAppError(login("  ", PASSWORD), "BAD_INPUT", "auth.identifierRequired");
    await expectAppError(login(region.phones.member, ""), "BAD_INPUT", "auth.passwordRequired");
  });

  it("throttles after five failures, even for the right password, and lets the user in after the window", async () => {
    t.setNow(new Date("2026-11-02T08:00:00Z"));
    for (let i = 0; i < 5; i++) await expectAppError(login(region.phones.memberB, `bad-${i}`), "UNAUTHENTICATED", "auth.wrongCredentials");
    const error = await expectAppError(login(region.phones.memberB, PASSWORD), "TOO_MANY_REQUESTS", "auth.throttled");
    expect(error.params.minutes).toBe(15);
    t.setNow(new Date("2026-11-02T08:15:01Z"));
    await expect(login(region.phones.memberB, PASSWORD)).resolves.toMatchObject({ me: { displayName: "赵伟" } });
  });
});

describe("sessions", () => {
  it("expire after seven days unused", async () => {
    t.setNow(start);
    const { token } = await login(region.phones.member, PASSWORD);
    t.setNow(new Date(start.getTime() + 7 * 86_400_000 + 1000));
    expect((await t.services.auth.resolveSession(token)).kind).toBe("expired");
  });

  it("are extended when used", async () => {
    t.setNow(start);
    const { token } = await login(region.phones.member, PASSWORD);
    t.setNow(new Date(start.getTime() + 3600_000));
    expect(await t.services.auth.resolveSession(token)).toMatchObject({ kind: "ok", extended: false });
    const sixDaysLater = new Date(start.getTime() + 6 * 86_400_000);
    t.setNow(sixDaysLater);
    expect(await t.services.auth.resolveSession(token)).toMatchObject({ kind: "ok", extended: true, expiresAt: new Date(sixDaysLater.getTime() + 7 * 86_400_000) });
    t.setNow(new Date(start.getTime() + 12 * 86_400_000));
    expect((await t.services.auth.resolveSession(token)).kind).toBe("ok");
  });

  it("end at logout", async () => {
    t.setNow(start);
    const { token } = await login(region.phones.member, PASSWORD);
    const session = await t.services.auth.resolveSession(token);
    if (session.kind !== "ok") throw new Error("expected a session");
    await t.services.auth.logout(session.actor);
    expect((await t.services.auth.resolveSession(token)).kind).toBe("none");
  });

  it("are unknown for a garbage token", async () => {
    expect((await t.services.auth.resolveSession("not-a-token")).kind).toBe("none");
    expect((await t.services.auth.resolveSession(null)).kind).toBe("none");
  });
});
