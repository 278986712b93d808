import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { TRPCError } from "@trpc/server";
import { can, canAnywhere, type Permission } from "@dangjian/core";
import { PASSWORD, regionDatabase, type Region, type TestDatabase } from "@dangjian/services/testing";
import { appRouter, createCaller, createContextFactory } from "../src/index.ts";
import { allSamples, orgRef, type Outcome, type Persona, type SampleContext } from "./samples/index.ts";
import { ANONYMOUS, callerAs, createPersona, PERSONA_SPECS, procedureAt } from "./personas.ts";
import { signedInCaller, trpcErrorOf } from "./callers.ts";

let t: TestDatabase;
let region: Region;
let createContext: ReturnType<typeof createContextFactory>;

beforeAll(async () => {
  ({ t, region } = await regionDatabase());
  createContext = createContextFactory(t.services);
});
afterAll(() => t.drop());

const callerFor = (phone: string | null) => signedInCaller(t, phone);

describe("authentication at the edge", () => {
  it("logs in and answers me", async () => {
    const anonymous = await callerFor(null);
    const { token, me } = await anonymous.auth.login({ identifier: region.phones.member, password: PASSWORD });
    expect(me.displayName).toBe("李红");
    const caller = createCaller(await createContext({ sessionToken: token, ip: null, userAgent: null }));
    expect((await caller.auth.me())?.branchName).toBe("东村党支部");
  });

  it("answers a wrong password with a Chinese message and 401", async () => {
    const error = await trpcErrorOf(
      (await callerFor(null)).auth.login({ identifier: region.phones.member, password: "nope" }),
    );
    expect(error.code).toBe("UNAUTHORIZED");
    expect(error.message).toBe("账号或密码不正确。");
  });

  it("refuses anonymous callers", async () => {
    const error = await trpcErrorOf((await callerFor(null)).branch.overview({}));
    expect(error.code).toBe("UNAUTHORIZED");
    expect(error.message).toBe("请先登录。");
  });

  it("tells an expired session apart", async () => {
    const { token } = await t.services.auth.login({
      identifier: region.phones.member,
      password: PASSWORD,
      ip: null,
      userAgent: null,
    });
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

describe("validation messages are plain Chinese (found by the fuzz)", () => {
  it("names what was expected in Chinese, never zod's English type names or regular expressions", async () => {
    const secretary = await callerFor(region.phones.secretary);
    const county = await callerFor(region.phones.county);
    const cases: Array<[() => Promise<unknown>, string]> = [
      [
        () => secretary.members.setLostContact({ memberId: region.members.alice, lost: "yes" as never }),
        "填写的内容有误：应为“是”或“否”，收到的是文字",
      ],
      [() => secretary.members.transferTargets({ query: undefined as never }), "填写的内容有误：缺少文字"],
      [() => secretary.dues.ledger({ month: "2026-13" }), "填写的内容有误：格式不正确"],
      [
        () =>
          secretary.members.requestTransfer({
            memberId: region.members.alice,
            toOrgId: region.branchB,
            reason: "长".repeat(201),
          }),
        "填写的内容有误：最多只能填 200 个字",
      ],
      [() => county.warnings.dashboard({ months: 1 }), "填写的内容有误：不能小于 3"],
    ];
    for (const [call, message] of cases) {
      const error = await trpcErrorOf(call());
      expect(error.code).toBe("BAD_REQUEST");
      expect(error.message).toBe(message);
    }
  });
});

describe("input PostgreSQL cannot hold (found by the fuzz)", () => {
  it("refuses a NUL character in any input and a lone surrogate in anything written, for any procedure, with a clear message instead of an internal error", async () => {
    const anonymous = await callerFor(null);
    const login = await trpcErrorOf(anonymous.auth.login({ identifier: "1390000\u00000001", password: "x" }));
    expect(login.code).toBe("BAD_REQUEST");
    expect(login.message).toBe("填写的内容里有无法保存的字符（空字符或残缺的文字编码），请删除后再提交。");
    const secretary = await callerFor(region.phones.secretary);
    const record = await trpcErrorOf(
      secretary.orglife.record({ meetingId: crypto.randomUUID(), outcomes: { "人数\u0000": 1 } }),
    );
    expect(record.code).toBe("BAD_REQUEST");
    expect(record.message).toContain("空字符");
    // a lone surrogate reached the audit entry's JSON and failed there
    const actions = await trpcErrorOf(
      secretary.orglife.setThemeActions({
        orgId: region.branchA,
        actions: [{ code: "DUES", title: "\ud800", required: true }],
      }),
    );
    expect(actions.code).toBe("BAD_REQUEST");
    expect(actions.message).toContain("残缺的文字编码");
    // ordinary text still goes through to the service (here: the meeting does not exist)
    expect(
      (await trpcErrorOf(secretary.orglife.record({ meetingId: crypto.randomUUID(), minutes: "正常的记录" }))).code,
    ).toBe("NOT_FOUND");
  });
});

describe("permission matrix: every procedure, every persona, in and out of scope", () => {
  // One sample input per procedure (test/samples/, one file per domain), aimed at branch A or B.
  // Procedures with a declared permission: allowed exactly where one of the caller's grants has it
  // on the organisation touched (anywhere, for unscoped ones). The others say who gets what.
  const samples = allSamples;
  const procedures = Object.entries(
    appRouter._def.procedures as unknown as Record<string, { _def: { meta?: { permission?: Permission } } }>,
  )
    .map(([path, p]) => ({ path, permission: p._def.meta?.permission }))
    .sort((a, b) => a.path.localeCompare(b.path));

  it("has a sample for every procedure, and an expectation for every one without a permission", () => {
    expect(procedures.length).toBeGreaterThan(90);
    for (const { path, permission } of procedures) {
      expect(samples, `add a sample input for ${path}`).toHaveProperty([path]);
      if (!permission)
        expect(samples[path]!.expect, `say who may call ${path} (it declares no permission)`).toBeTypeOf("function");
    }
    for (const path of Object.keys(samples))
      expect(
        procedures.map((p) => p.path),
        `stale sample ${path}`,
      ).toContain(path);
  });

  function expected(
    persona: Persona,
    path: string,
    permission: Permission | undefined,
    target: "A" | "B",
    ctx: SampleContext,
  ): Outcome {
    const sample = samples[path]!;
    if (!permission) return sample.expect!(persona, target, ctx);
    if (!persona.phone) return "UNAUTHORIZED";
    if (sample.unscoped) return canAnywhere(persona.grants, permission) ? "ok" : "FORBIDDEN";
    return can(persona.grants, permission, orgRef(target, ctx)) ? "ok" : "FORBIDDEN";
  }

  const made = new Map<string, Persona>();
  beforeAll(async () => {
    for (const spec of PERSONA_SPECS) made.set(spec.name, await createPersona(t, region, spec));
  });

  for (const spec of [null, ...PERSONA_SPECS]) {
    const name = spec?.name ?? "anonymous";
    it(
      `${name}: allowed exactly where expected, refused (not just missing) elsewhere`,
      { timeout: 180_000 },
      async () => {
        const persona = spec ? made.get(spec.name)! : ANONYMOUS;
        const caller = await callerAs(t, persona);
        const ctx: SampleContext = { t, region, persona };
        const wrong: string[] = [];
        for (const { path, permission } of procedures) {
          const sample = samples[path]!;
          for (const target of sample.unscoped ? (["A"] as const) : (["A", "B"] as const)) {
            let who = persona;
            let as = caller;
            if (sample.endsSession && spec) {
              who = await createPersona(t, region, spec);
              as = await callerAs(t, who);
            }
            const orgId = target === "A" ? region.branchA : region.branchB;
            const sampleCtx = { ...ctx, persona: who };
            const input = await sample.input(orgId, sampleCtx);
            const got = await procedureAt(
              as,
              path,
            )(input).then(
              () => "ok",
              (e: unknown) => (e instanceof TRPCError ? e.code : `thrown ${String(e)}`),
            );
            const want = expected(who, path, permission, target, sampleCtx);
            if (got !== want) wrong.push(`${path} on ${target}: expected ${want}, got ${got}`);
          }
        }
        expect(wrong, `${name}`).toEqual([]);
      },
    );
  }
});
