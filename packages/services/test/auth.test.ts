import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openPii, piiKeysFromEnv } from "@dangjian/db/pii";
import { AppError } from "@dangjian/core";
import { PASSWORD, regionDatabase, type Region, type TestDatabase } from "./support/index.ts";

let t: TestDatabase;
let region: Region;
const start = new Date("2026-11-01T08:00:00Z");

beforeAll(async () => {
  ({ t, region } = await regionDatabase());
});
afterAll(() => t.drop());

const login = (identifier: string, password: string) =>
  t.services.auth.login({ identifier, password, ip: "127.0.0.1", userAgent: "vitest" });

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
    for (let i = 0; i < 5; i++)
      await expectAppError(login(region.phones.memberB, `bad-${i}`), "UNAUTHENTICATED", "auth.wrongCredentials");
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
    expect(await t.services.auth.resolveSession(token)).toMatchObject({
      kind: "ok",
      extended: true,
      expiresAt: new Date(sixDaysLater.getTime() + 7 * 86_400_000),
    });
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

describe("login throttle under attack (issue 13, defect 2)", () => {
  const loginFrom = (identifier: string, password: string, ip: string) =>
    t.services.auth.login({ identifier, password, ip, userAgent: "vitest" });
  const outcome = (promise: Promise<unknown>) =>
    promise.then(
      () => "ok",
      (e: unknown) => (e instanceof AppError ? e.messageKey : String(e)),
    );

  it("counts concurrent wrong guesses atomically: of 20 at once, at most five are tried", async () => {
    t.setNow(new Date("2026-11-03T08:00:00Z"));
    const results = await Promise.all(
      Array.from({ length: 20 }, (_, i) => outcome(loginFrom(region.phones.county, `guess-${i}`, `10.0.0.${i}`))),
    );
    expect(results.filter((r) => r === "auth.wrongCredentials").length).toBeLessThanOrEqual(5);
    expect(results.filter((r) => r === "auth.throttled").length).toBeGreaterThanOrEqual(15);
    await expect(outcome(loginFrom(region.phones.county, PASSWORD, "10.0.1.1"))).resolves.toBe("auth.throttled");
  });

  it("counts per account, not per spelling of the member number", async () => {
    t.setNow(new Date("2026-11-04T08:00:00Z"));
    const member = await t.services.deps.db.member.findUniqueOrThrow({ where: { id: region.members.dave } });
    const no = member.memberNo;
    const spellings = [
      no.toLowerCase(),
      no.toUpperCase(),
      ` ${no} `,
      no.charAt(0).toLowerCase() + no.slice(1),
      `${no.toLowerCase()} `,
    ];
    for (const [i, spelling] of spellings.entries()) {
      await expect(outcome(loginFrom(spelling, `bad-${i}`, `10.1.0.${i}`))).resolves.toBe("auth.wrongCredentials");
    }
    await expect(outcome(loginFrom(no, PASSWORD, "10.1.1.1"))).resolves.toBe("auth.throttled");
    // the account's phone is the same account
    const account = await t.services.deps.db.account.findFirst({ where: { member: { id: region.members.dave } } });
    expect(account?.phone).toBeTruthy();
    // (stored encrypted: the member types it in clear)
    if (account?.phone)
      await expect(outcome(loginFrom(openPii(piiKeysFromEnv(), account.phone)!, PASSWORD, "10.1.1.2"))).resolves.toBe(
        "auth.throttled",
      );
  });

  it("limits failures per IP address across many accounts, in the database", async () => {
    t.setNow(new Date("2026-11-05T08:00:00Z"));
    const ip = "203.0.113.7";
    const results: string[] = [];
    // one guess each for many different (mostly unknown) accounts: no account reaches its limit
    for (let i = 0; i < 40; i++)
      results.push(await outcome(loginFrom(`1390000${String(i).padStart(4, "0")}`, "guess", ip)));
    expect(results.filter((r) => r === "auth.throttledIp").length).toBeGreaterThan(0);
    expect(results.filter((r) => r === "auth.wrongCredentials").length).toBeLessThanOrEqual(30);
    // even the right password for an untouched account is refused from that address…
    await expect(outcome(loginFrom(region.phones.town1, PASSWORD, ip))).resolves.toBe("auth.throttledIp");
    // …while the same account signs in from elsewhere
    await expect(outcome(loginFrom(region.phones.town1, PASSWORD, "198.51.100.1"))).resolves.toBe("ok");
  });
});

describe("session lifetime, password change, purge (issue 13, defect 11)", () => {
  it("a session used every few days still ends 30 days after the login", async () => {
    const start = new Date("2026-11-10T08:00:00Z");
    t.setNow(start);
    const { token } = await login(region.phones.secretary, PASSWORD);
    for (let day = 5; day <= 25; day += 5) {
      t.setNow(new Date(start.getTime() + day * 86_400_000));
      expect((await t.services.auth.resolveSession(token)).kind).toBe("ok");
    }
    t.setNow(new Date(start.getTime() + 29 * 86_400_000));
    const last = await t.services.auth.resolveSession(token);
    expect(last.kind).toBe("ok");
    if (last.kind === "ok") expect(last.expiresAt.getTime()).toBeLessThanOrEqual(start.getTime() + 30 * 86_400_000);
    t.setNow(new Date(start.getTime() + 30 * 86_400_000 + 1000));
    expect((await t.services.auth.resolveSession(token)).kind).toBe("expired");
  });

  it("changing the password checks the current one, refuses weak ones, and can end every other session", async () => {
    t.setNow(new Date("2026-11-20T08:00:00Z"));
    const phone = region.phones.town1;
    const here = await login(phone, PASSWORD);
    const elsewhere = await login(phone, PASSWORD);
    const session = await t.services.auth.resolveSession(here.token);
    if (session.kind !== "ok") throw new Error("expected a session");
    const change = (currentPassword: string, newPassword: string, logoutOthers = true) =>
      t.services.auth.changePassword(session.actor, { currentPassword, newPassword, logoutOthers, ip: "127.0.0.1" });
    await expectAppError(change("wrong-one", "Better#2027"), "BAD_INPUT", "auth.currentPasswordWrong");
    await expectAppError(change(PASSWORD, "short1"), "BAD_INPUT", "auth.passwordTooShort");
    await expectAppError(change(PASSWORD, "12345678901"), "BAD_INPUT", "auth.passwordTooSimple");
    await expectAppError(change(PASSWORD, PASSWORD), "BAD_INPUT", "auth.passwordUnchanged");
    const changed = await change(PASSWORD, "Better#2027");
    expect(changed.endedSessions).toBeGreaterThanOrEqual(1);
    expect((await t.services.auth.resolveSession(elsewhere.token)).kind).toBe("none");
    expect((await t.services.auth.resolveSession(here.token)).kind).toBe("ok");
    await expectAppError(login(phone, PASSWORD), "UNAUTHENTICATED", "auth.wrongCredentials");
    await expect(login(phone, "Better#2027")).resolves.toMatchObject({ me: { displayName: "周敏" } });
    const audit = await t.services.deps.db.auditLog.findMany({
      where: { action: "auth.passwordChanged", accountId: session.actor.accountId },
    });
    expect(audit).toHaveLength(1);
    // "log out everywhere" ends this session too
    const again = await t.services.auth.resolveSession(here.token);
    if (again.kind !== "ok") throw new Error("expected a session");
    await t.services.auth.logoutEverywhere(again.actor, null);
    expect(await t.services.deps.db.session.count({ where: { accountId: session.actor.accountId } })).toBe(0);
  });

  it("wrong current passwords count towards the login throttle", async () => {
    t.setNow(new Date("2026-11-21T08:00:00Z"));
    const { token } = await login(region.phones.member, PASSWORD);
    const session = await t.services.auth.resolveSession(token);
    if (session.kind !== "ok") throw new Error("expected a session");
    for (let i = 0; i < 5; i++) {
      await expectAppError(
        t.services.auth.changePassword(session.actor, {
          currentPassword: `guess-${i}`,
          newPassword: "Better#2027",
          logoutOthers: false,
          ip: null,
        }),
        "BAD_INPUT",
        "auth.currentPasswordWrong",
      );
    }
    await expectAppError(
      t.services.auth.changePassword(session.actor, {
        currentPassword: PASSWORD,
        newPassword: "Better#2027",
        logoutOthers: false,
        ip: null,
      }),
      "TOO_MANY_REQUESTS",
      "auth.throttled",
    );
  });

  it("the purge removes ended sessions and old login attempts, and keeps live ones", async () => {
    const now = new Date("2026-12-30T08:00:00Z");
    t.setNow(new Date("2026-12-29T08:00:00Z"));
    const live = await login(region.phones.county, PASSWORD);
    t.setNow(now);
    const result = await t.services.auth.purgeExpired();
    expect(result.sessions).toBeGreaterThan(0);
    expect(result.loginAttempts).toBeGreaterThan(0);
    expect(await t.services.deps.db.session.count({ where: { expiresAt: { lte: now } } })).toBe(0);
    expect(
      await t.services.deps.db.loginAttempt.count({ where: { at: { lt: new Date(now.getTime() - 30 * 86_400_000) } } }),
    ).toBe(0);
    expect((await t.services.auth.resolveSession(live.token)).kind).toBe("ok");
  });
});
