// Property-based fuzz of every tRPC procedure from its zod input schema (issue 13, "fuzz the
// surface"). Each procedure is called mostly by a legitimate user of branch A (its secretary, the
// township committee above it, or the school's administrator: whoever holds the procedure's
// permission), sometimes by a plain member of A or by nobody, with valid-shaped inputs (real ids in and out of scope drawn from the database, the
// matrix's own inputs) and with malformed ones. Asserted for every call: never an internal error,
// every refusal is a tRPC error with a clear Chinese message, malformed input is never accepted,
// no answer carries personal data of branch B (out of scope); after each procedure: no row of
// branch B's side (town2 and below) changed or went missing, and new rows there only where a
// request to another organisation is the point (transfers, partnership proposals, invitations).
//
// Bounded in `npm test`: FUZZ_RUNS (default 12) inputs per procedure with a fixed seed
// (FUZZ_SEED); `pnpm --filter @dangjian/api run fuzz` runs 200 per procedure. A failure prints
// the seed and fast-check's counterexample path to replay it.
import { inspect } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import fc from "fast-check";
import superjson from "superjson";
import { TRPCError } from "@trpc/server";
import type { z } from "zod";
import { canAnywhere, type Permission } from "@dangjian/core";
import { createMember, regionDatabase, type Region, type TestDatabase } from "@dangjian/services/testing";
import { appRouter, type AppCaller } from "../src/index.ts";
import { allSamples, type Persona, type SampleContext } from "./samples/index.ts";
import { ANONYMOUS, callerAs, createPersona, procedureAt, type PersonaSpec } from "./personas.ts";
import { inputsFor, type IdPool } from "./fuzz/arbitrary.ts";

const SEED = Number(process.env.FUZZ_SEED ?? 20_261_205);
const RUNS = Number(process.env.FUZZ_RUNS ?? 12);

let t: TestDatabase;
let region: Region;
let pool: IdPool;
const sentinels: string[] = [];

interface ProcedureDef {
  _def: { meta?: { permission?: Permission }; inputs?: z.core.$ZodType[]; type: "query" | "mutation" };
}
const procedures = Object.entries(appRouter._def.procedures as unknown as Record<string, ProcedureDef>)
  .map(([path, p]) => ({ path, permission: p._def.meta?.permission, schema: p._def.inputs?.[0] }))
  .sort((a, b) => a.path.localeCompare(b.path));

type Caller = { persona: Persona; caller: AppCaller; spec: PersonaSpec };
const callers: Caller[] = [];
let plainMember: Caller;
let anonymous: AppCaller;
const seeds = new Map<string, unknown[]>();

/** The first of the secretary, the township committee and the school administrator who holds the permission. */
function legitimate(permission: Permission | undefined) {
  return callers.find(({ persona }) => !permission || canAnywhere(persona.grants, permission)) ?? callers[0]!;
}

/** Every uuid-typed column of every table (for the out-of-scope snapshot). */
let uuidColumns: Map<string, string[]>;
/** Tables where an in-scope user may legitimately add a row about branch B: requests to it. */
// (区域化党建: a member reports to a community of the region, a 流动党员 is registered to the
// organisation that is to receive them: requests to that organisation)
const REQUEST_TABLES = new Set([
  "MemberTransfer",
  "OrgLink",
  "MeetingOrg",
  "AuditLog",
  "OutboxEvent",
  "Session",
  "LoginAttempt",
  "MobileRegistration",
  "CommunityReport",
]);
/** Rows two organisations share (a transfer, a partnership, an invitation): either side may decide them. */
const SHARED_TABLES = new Set(["MemberTransfer", "OrgLink", "MeetingOrg"]);

/** Branch B's side: town2, everything below it, their members and accounts, and meetings they host. */
async function outOfScopeIds(): Promise<string[]> {
  const db = t.services.deps.db;
  const orgs = await db.org.findMany({
    where: { OR: [{ id: region.town2 }, { ancestorIds: { has: region.town2 } }] },
    select: { id: true },
  });
  const orgIds = orgs.map((o) => o.id);
  const members = await db.member.findMany({
    where: { branchId: { in: orgIds } },
    select: { id: true, account: { select: { id: true } } },
  });
  const meetings = await db.meeting.findMany({ where: { orgId: { in: orgIds } }, select: { id: true } });
  return [
    ...orgIds,
    ...members.map((m) => m.id),
    ...members.flatMap((m) => (m.account ? [m.account.id] : [])),
    ...meetings.map((m) => m.id),
  ];
}

/** Every row that references branch B's side, as text, per table. */
async function snapshot(ids: string[]): Promise<Map<string, Set<string>>> {
  const parts = [...uuidColumns].map(
    ([table, columns]) =>
      `SELECT '${table}' AS tbl, r::text AS row FROM "${table}" r WHERE ${columns.map((c) => `r."${c}" = ANY($1::uuid[])`).join(" OR ")}`,
  );
  const rows = await t.services.deps.db.$queryRawUnsafe<Array<{ tbl: string; row: string }>>(
    parts.join(" UNION ALL "),
    ids,
  );
  const byTable = new Map<string, Set<string>>();
  for (const { tbl, row } of rows) {
    if (!byTable.has(tbl)) byTable.set(tbl, new Set());
    byTable.get(tbl)!.add(row);
  }
  return byTable;
}

/** The organisations a caller's grants cover. */
async function scopeOf(persona: Persona): Promise<string[]> {
  const roots = persona.grants.map((g) => g.orgId);
  const orgs = await t.services.deps.db.org.findMany({
    where: { OR: [{ id: { in: roots } }, { ancestorIds: { hasSome: roots } }] },
    select: { id: true },
  });
  return orgs.map((o) => o.id);
}

/**
 * What changed on branch B's side. Allowed: shared rows (transfers, partnerships, invitations)
 * that involve the caller's own organisations, and the rows of a member whose transfer into the
 * caller's organisations the caller completed.
 */
async function differences(
  before: Map<string, Set<string>>,
  after: Map<string, Set<string>>,
  persona: Persona,
): Promise<string[]> {
  const scope = await scopeOf(persona);
  const arrived = (
    await t.services.deps.db.memberTransfer.findMany({
      where: { toOrgId: { in: scope }, status: "COMPLETED", receiverApprovedById: persona.accountId },
      select: { memberId: true },
    })
  ).map((m) => m.memberId);
  const exempt = (table: string, row: string) =>
    (SHARED_TABLES.has(table) && scope.some((id) => row.includes(id))) || arrived.some((id) => row.includes(id));
  const problems: string[] = [];
  for (const [table, rows] of before)
    for (const row of rows)
      if (!after.get(table)?.has(row) && !exempt(table, row))
        problems.push(`${table}: changed or removed ${row.slice(0, 300)}`);
  for (const [table, rows] of after) {
    if (REQUEST_TABLES.has(table)) continue;
    for (const row of rows)
      if (!before.get(table)?.has(row) && !exempt(table, row)) problems.push(`${table}: added ${row.slice(0, 300)}`);
  }
  return problems;
}

function seedOf(path: string): number {
  let h = SEED;
  for (const ch of path) h = (Math.imul(h, 31) + ch.charCodeAt(0)) | 0;
  return h;
}

const INTERNAL =
  /TypeError|ReferenceError|Cannot (read|convert)|prisma|Invalid `|\bat \S+:\d+|ECONN|SQL|undefined is not/i;
/** zod's own words that are not Chinese: type names, regular expressions */
const UNTRANSLATED =
  /\b(string|undefined|boolean|NaN|object|bigint|int|number|array|date|Date|instanceof|Uint8Array|symbol)\b|\/\^/;

beforeAll(async () => {
  ({ t, region } = await regionDatabase());
  const db = t.services.deps.db;
  // personal data of branch B that nobody in A's scope may ever be shown
  const secret = await createMember(db, { name: "西村独有党员", branchId: region.branchB, phone: "13912345678" });
  const secretRow = await db.member.findUniqueOrThrow({ where: { id: secret } });
  sentinels.push("西村独有党员", "13912345678", secretRow.memberNo, "赵伟", region.phones.memberB);

  for (const spec of [
    {
      name: "secretary@A",
      memberOf: "branchA" as const,
      grants: [
        { role: "MEMBER" as const, org: "branchA" as const },
        { role: "BRANCH_SECRETARY" as const, org: "branchA" as const },
      ],
    },
    {
      name: "committee@town1",
      memberOf: "town1" as const,
      grants: [{ role: "COMMITTEE_ADMIN" as const, org: "town1" as const }],
    },
    {
      name: "school@A",
      memberOf: "branchA" as const,
      grants: [
        { role: "MEMBER" as const, org: "branchA" as const },
        { role: "SCHOOL_ADMIN" as const, org: "branchA" as const },
      ],
    },
  ]) {
    const persona = await createPersona(t, region, spec, "1360");
    callers.push({ persona, caller: await callerAs(t, persona, "10.9.9.9"), spec });
  }

  const memberSpec = {
    name: "member@A",
    memberOf: "branchA" as const,
    grants: [{ role: "MEMBER" as const, org: "branchA" as const }],
  };
  const memberPersona = await createPersona(t, region, memberSpec, "1360");
  plainMember = { persona: memberPersona, caller: await callerAs(t, memberPersona, "10.9.9.8"), spec: memberSpec };
  anonymous = await callerAs(t, ANONYMOUS, "10.9.9.7");

  // the matrix's inputs, aimed in and out of scope, also make the rows the fuzz draws ids from
  for (const { path, permission } of procedures) {
    const sample = allSamples[path];
    if (!sample || sample.endsSession) continue;
    const ctx: SampleContext = { t, region, persona: legitimate(permission).persona };
    const inputs = [await sample.input(region.branchA, ctx)];
    if (!sample.unscoped) inputs.push(await sample.input(region.branchB, ctx));
    seeds.set(
      path,
      inputs.filter((i) => i !== undefined),
    );
  }

  const tables = await db.$queryRawUnsafe<Array<{ table_name: string; column_name: string }>>(
    `SELECT table_name, column_name FROM information_schema.columns WHERE table_schema = current_schema() AND udt_name = 'uuid' AND table_name NOT LIKE '\\_%'`,
  );
  uuidColumns = new Map();
  for (const { table_name, column_name } of tables)
    uuidColumns.set(table_name, [...(uuidColumns.get(table_name) ?? []), column_name]);
  const ids: string[] = Object.values(region)
    .flatMap((v) => (typeof v === "string" ? [v] : Object.values(v as Record<string, string>)))
    .filter((v) => /^[0-9a-f-]{36}$/.test(v));
  for (const table of uuidColumns.keys()) {
    if (!(uuidColumns.get(table) ?? []).includes("id")) continue;
    const rows = await db.$queryRawUnsafe<Array<{ id: string }>>(
      `SELECT id::text AS id FROM "${table}" ORDER BY id LIMIT 25`,
    );
    ids.push(...rows.map((r) => r.id));
  }
  pool = { ids: [...new Set(ids)] };
}, 300_000);
afterAll(() => t.drop());

describe(`fuzz every procedure from its zod schema (seed ${SEED}, ${RUNS} runs each)`, () => {
  it("derives inputs for every procedure's schema", () => {
    expect(procedures.length).toBeGreaterThan(90);
    for (const { schema } of procedures)
      expect(() => inputsFor(schema, { ids: ["00000000-0000-4000-8000-000000000000"] }, [])).not.toThrow();
  });

  for (const { path, permission, schema } of procedures) {
    it(path, { timeout: 120_000 }, async () => {
      const legit = legitimate(permission);
      const sample = allSamples[path];
      const ids = await outOfScopeIds();
      const before = await snapshot(ids);
      const seed = seedOf(path);
      const property = fc.asyncProperty(
        inputsFor(schema, pool, seeds.get(path) ?? []),
        fc.nat({ max: 9 }),
        async (input, who) => {
          // mostly the legitimate user; sometimes a plain member of A or nobody at all
          const as = who < 6 ? legit : who < 8 ? plainMember : null;
          // calls that end or change the session get a person of their own (a wrong current
          // password counts against the account's login throttle)
          const caller = !as
            ? anonymous
            : sample?.endsSession
              ? await callerAs(t, await createPersona(t, region, as.spec, "1361"), "10.9.9.10")
              : as.caller;
          const valid = schema ? schema["~standard"].validate(input) : { value: input };
          const isValid = !(valid instanceof Promise) && !("issues" in valid && valid.issues);
          const answer = await procedureAt(
            caller,
            path,
          )(input).then(
            (value) => ({ ok: true as const, value }),
            (error: unknown) => ({ ok: false as const, error }),
          );
          if (answer.ok) {
            if (!isValid) expect.fail(`accepted malformed input ${inspect(input, { depth: 4 }).slice(0, 300)}`);
            const text = superjson.stringify(answer.value) ?? "";
            for (const s of sentinels) expect(text, `answer carries out-of-scope data "${s}"`).not.toContain(s);
            return;
          }
          expect(answer.error, String(answer.error)).toBeInstanceOf(TRPCError);
          const error = answer.error as TRPCError;
          expect(
            error.code,
            `${error.message} ← ${String((error.cause as Error | undefined)?.stack ?? error.cause)}`,
          ).not.toBe("INTERNAL_SERVER_ERROR");
          expect(error.message, "a refusal says why, in Chinese").toMatch(/[\u4e00-\u9fff]/);
          expect(error.message).not.toMatch(INTERNAL);
          expect(error.message, "validation messages are plain Chinese").not.toMatch(UNTRANSLATED);
        },
      );
      try {
        await fc.assert(property, { seed, numRuns: RUNS, endOnFailure: true });
      } catch (failure) {
        throw new Error(
          `fuzz ${path} failed: replay with FUZZ_SEED=${SEED} (procedure seed ${seed})\n${String((failure as Error).message)}`,
          { cause: failure },
        );
      }
      const after = await snapshot(ids);
      expect(
        await differences(before, after, legit.persona),
        `${path} changed data outside the caller's scope`,
      ).toEqual([]);
    });
  }
});
