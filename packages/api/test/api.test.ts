import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { TRPCError } from "@trpc/server";
import { ROLES, roleHasPermission, type Permission, type Role } from "@dangjian/core";
import { createMember, createRegion, createTestDatabase, PASSWORD, type Region, type TestDatabase } from "@dangjian/services/testing";
import { appRouter, createCaller, createContextFactory, type AppCaller } from "../src/index.ts";
import { allSamples } from "./samples/index.ts";

let t: TestDatabase;
let region: Region;
let createContext: ReturnType<typeof createContextFactory>;

beforeAll(async () => {
  t = await createTestDatabase();
  region = await createRegion(t.services.deps.db);
  createContext = createContextFactory(t.services);
});
afterAll(() => t.drop());

async function callerFor(phone: string | null): Promise<AppCaller> {
  let token: string | null = null;
  if (phone) token = (await t.services.auth.login({ identifier: phone, password: PASSWORD, ip: null, userAgent: null })).token;
  return createCaller(await createContext({ sessionToken: token, ip: "127.0.0.1", userAgent: "vitest" }));
}

async function trpcErrorOf(promise: Promise<unknown>): Promise<TRPCError> {
  const error = await promise.then(() => null, (e: unknown) => e);
  expect(error).toBeInstanceOf(TRPCError);
  return error as TRPCError;
}

describe("authentication at the edge", () => {
  it("logs in and answers me", async () => {
    const anonymous = await callerFor(null);
    const { token, me } = await anonymous.auth.login({ identifier: region.phones.member, password: PASSWORD });
    expect(me.displayName).toBe("李红");
    const caller = createCaller(await createContext({ sessionToken: token, ip: null, userAgent: null }));
    expect((await caller.auth.me())?.branchName).toBe("东村党支部");
  });

  it("answers a wrong password with a Chinese message and 401", async () => {
    const error = await trpcErrorOf((await callerFor(null)).auth.login({ identifier: region.phones.member, password: "nope" }));
    expect(error.code).toBe("UNAUTHORIZED");
    expect(error.message).toBe("账号或密码不正确。");
  });

  it("refuses anonymous callers", async () => {
    const error = await trpcErrorOf((await callerFor(null)).branch.overview({}));
    expect(error.code).toBe("UNAUTHORIZED");
    expect(error.message).toBe("请先登录。");
  });

  it("tells an expired session apart", async () => {
    const { token } = await t.services.auth.login({ identifier: region.phones.member, password: PASSWORD, ip: null, userAgent: null });
    t.setNow(new Date(Date.now() + 30 * 86_400_000));
    try {
      const caller = createCaller(await createContext({ sessionToken: token, ip: null, userAgent: null }));
      const error = await trpcErrorOf(caller.card.mine());
      expect(error.code).toBe("UNAUTHORIZED");
      expect(error.message).toBe("登录已过期，请重新登录。");
    } finally {
      t.setNow(new Date());
    }
  });

  it("rejects malformed input with a clear message", async () => {
    const caller = await callerFor(region.phones.county);
    const error = await trpcErrorOf(caller.branch.overview({ orgId: "not-a-uuid" }));
    expect(error.code).toBe("BAD_REQUEST");
    expect(error.message).toMatch(/^填写的内容有误：.*[\u4e00-\u9fff]/);
    expect(error.message).not.toMatch(/Invalid/);
  });
});

describe("permission matrix", () => {
  // One sample input per permission-guarded procedure (test/samples/, one file per domain),
  // aimed at branch B (out of scope) or A (in scope).
  const samples = allSamples;
  const guarded = Object.entries(appRouter._def.procedures as unknown as Record<string, { _def: { meta?: { permission?: Permission } } }>)
    .filter(([, p]) => p._def.meta?.permission)
    .map(([path, p]) => ({ path, permission: p._def.meta!.permission! }));

  it("has a sample for every guarded procedure", () => {
    expect(guarded.length).toBeGreaterThan(0);
    for (const { path } of guarded) expect(samples, `add a sample input for ${path}`).toHaveProperty([path]);
  });

  const phoneFor = new Map<Role, string>();
  beforeAll(async () => {
    let n = 0;
    for (const role of ROLES) {
      const phone = `1370000${String(++n).padStart(4, "0")}`;
      // a person whose only grant is this role on branch A (no MEMBER grant unless role is MEMBER)
      await createMember(t.services.deps.db, { name: `角色${role}`, branchId: region.branchA, phone, roles: [] });
      const account = await t.services.deps.db.account.findUniqueOrThrow({ where: { phone } });
      await t.services.deps.db.roleGrant.deleteMany({ where: { accountId: account.id } });
      await t.services.deps.db.roleGrant.create({ data: { accountId: account.id, role, orgId: region.branchA } });
      phoneFor.set(role, phone);
    }
  });

  for (const role of ROLES) {
    it(`${role} on branch A: allowed exactly where the role has the permission, never outside A`, async () => {
      const caller = await callerFor(phoneFor.get(role)!);
      for (const { path, permission } of guarded) {
        const call = (orgId: string) => {
          const procedure = path.split(".").reduce<unknown>((node, key) => (node as Record<string, unknown>)[key], caller) as (i: unknown) => Promise<unknown>;
          return Promise.resolve(samples[path]!.input(orgId, { t, region })).then((input) => procedure(input));
        };
        const inScope = await call(region.branchA).then(() => "ok", (e: TRPCError) => e.code);
        expect(inScope, `${role} → ${path} on A`).toBe(roleHasPermission(role, permission) ? "ok" : "FORBIDDEN");
        if (!samples[path]!.unscoped) {
          const outOfScope = await call(region.branchB).then(() => "ok", (e: TRPCError) => e.code);
          expect(outOfScope, `${role} → ${path} on B`).toBe("FORBIDDEN");
        }
      }
    });
  }
});
