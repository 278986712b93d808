// Evaluation of the warning rules: read signals set-based, judge them in core, advance each
// warning's lifecycle and write the changes with one bulk upsert. The same function runs the
// nightly full pass (orgIds = null) and the incremental pass after the outbox recomputed facts
// (orgIds = the organisations those facts touch), so both paths agree by construction.
import {
  ACTIVE_STATES,
  advance,
  REFIRE_AFTER_DAYS,
  analyseNetwork,
  AREA_RULES,
  evaluateAreas,
  decayedStrength,
  DEFAULT_RULES,
  evaluateMember,
  evaluateNetwork,
  evaluateOpenNeeds,
  evaluateOrg,
  isNotable,
  nextChangeAt,
  shownFigures,
  t,
  type Cadence,
  type NetworkInput,
  type OrgSignals,
  type NetworkStructure,
  type RuleId,
  type RuleResult,
  type Settings,
  type Thresholds,
  type WarningStatus,
  warningCadenceOf,
} from "@dangjian/core";
import { timeOrderedId } from "../ids.ts";
import { getLogger } from "@dangjian/observability";
import { cadenceResolver } from "../orglife/rules.ts";
import { copyRows, eachTextRow, type DbTx } from "@dangjian/db";
import {
  JUDGED_KINDS,
  loadAreas,
  loadLinks,
  loadMembers,
  loadOpenNeeds,
  loadOrgs,
  orgSignals,
  type BranchMembers,
  type LinkRow,
} from "./signals.ts";

const EVALUATION_LOCK = 30_301;
/** the rule functions build only the results worth keeping (ADR 1067): the notable ones */
const NOTABLE = { all: false } as const;

export interface EvaluationStats {
  orgs: number;
  members: number;
  links: number;
  results: number;
  written: number;
  transitions: number;
  tasks: number;
  /** of `written`, the new warnings streamed with COPY (ADR 1070) */
  copied?: number;
  ms: number;
  /** milliseconds per phase: read, judge, network, write */
  phases?: Record<string, number>;
  /**
   * The nightly pass with change detection (ADR 1064): how it chose. `mode` "changed" judged only
   * the organisations below; "full" judged everything (none recorded yet, or too many to pick).
   */
  changes?: {
    mode: "full" | "changed";
    /** judged organisations in the region */
    total: number;
    /** marked by the fact triggers since they were last judged */
    dirty: number;
    /** whose recorded instant of change by time alone has come (or none recorded) */
    due: number;
    /** with a warning the lifecycle moves by time (an acknowledgement lapsing, pending, flapping) */
    lifecycle: number;
  };
}

// ── network structure cache: topology changes rarely; strengths are re-read each time ──
interface NetworkCache {
  signature: string;
  orgIds: string[];
  index: Map<string, number>;
  links: LinkRow[];
  linkIndex: Map<string, number>;
  /** the rules' input with the strengths as read when the cache was built */
  input: NetworkInput;
  /** for each organisation (by index), the indexes of its partnerships in `input.links` */
  incident: number[][];
  structure: NetworkStructure;
}
const networkCache = new Map<string, NetworkCache>();

/**
 * The version of the partnership network: a row bumped by triggers on OrgLink and Org in the
 * writer's transaction (migration 20261202030100_network_version), read in O(1) by key. The
 * database's oid keeps two databases (or a recreated one) apart.
 */
async function networkSignature(db: DbTx): Promise<{ database: string; signature: string }> {
  const [row] = await db.$queryRawUnsafe<Array<{ db: string; oid: string; version: bigint | null }>>(
    `SELECT current_database() AS db, (SELECT oid::text FROM pg_database WHERE datname = current_database()) AS oid,
            (SELECT version FROM "NetworkVersion" WHERE id = 1) AS version`,
  );
  // no version row (never expected: the triggers upsert it): never trust the cache
  const version = row!.version === null ? `none-${crypto.randomUUID()}` : String(row!.version);
  return { database: row!.db, signature: `${row!.oid}|${version}` };
}

/** The analysed network, rebuilt only when partnerships changed since the last call. */
export async function networkOf(db: DbTx, now: Date, fresh = false): Promise<NetworkCache> {
  const { database, signature } = await networkSignature(db);
  const cached = networkCache.get(database);
  if (cached && cached.signature === signature && !fresh) return cached;
  return buildNetwork(database, signature, await loadLinks(db, now));
}

/** Analyses the loaded partnerships (pure JS, CPU only) and caches the result. */
function buildNetwork(
  database: string,
  signature: string,
  { orgIds, links }: { orgIds: string[]; links: LinkRow[] },
): NetworkCache {
  const index = new Map(orgIds.map((id, i) => [id, i]));
  const input: NetworkInput = {
    orgIds,
    links: links.map((l) => ({
      id: l.id,
      a: l.a,
      b: l.b,
      strength: l.strength,
      since: { strength: l.stored, at: l.storedAt },
    })),
  };
  const incident: number[][] = orgIds.map(() => []);
  input.links.forEach((l, e) => {
    incident[l.a]!.push(e);
    if (l.b !== l.a) incident[l.b]!.push(e);
  });
  let linkIndex: Map<string, number> | undefined;
  const entry: NetworkCache = {
    signature,
    orgIds,
    index,
    links,
    // a million keys at province scale: built on first use (the incremental and nightly passes),
    // never by a full pass (ADR 1067)
    get linkIndex() {
      return (linkIndex ??= new Map(links.map((l, i) => [l.id, i])));
    },
    input,
    incident,
    structure: analyseNetwork(input),
  };
  networkCache.set(database, entry);
  return entry;
}

/** Tuned thresholds: for each organisation, the setting of its nearest tuned ancestor (or itself). */
async function loadSettings(db: DbTx): Promise<Map<string, Map<RuleId, Partial<Thresholds>>>> {
  const rows = await db.warningRuleSetting.findMany({ select: { orgId: true, ruleId: true, params: true } });
  const byOrg = new Map<string, Map<RuleId, Partial<Thresholds>>>();
  for (const r of rows) {
    let m = byOrg.get(r.orgId);
    if (!m) byOrg.set(r.orgId, (m = new Map()));
    m.set(r.ruleId as RuleId, r.params as Partial<Thresholds>);
  }
  return byOrg;
}
function settingsFor(
  byOrg: Map<string, Map<RuleId, Partial<Thresholds>>>,
  orgId: string,
  ancestorIds: readonly string[],
): Settings | undefined {
  if (byOrg.size === 0) return undefined;
  const merged = new Map<RuleId, Partial<Thresholds>>();
  for (const id of [...ancestorIds, orgId]) for (const [rule, p] of byOrg.get(id) ?? []) merged.set(rule, p);
  return merged.size ? merged : undefined;
}

export interface EvaluationOptions {
  /**
   * The full pass only: runs reads in a read-only transaction of its own, on another connection,
   * while the evaluation's transaction computes the member statement (ADR 1062, 1068). Without
   * it, or if it fails, everything is read in the evaluation's transaction.
   */
  sideRead?: <T>(read: (db: DbTx) => Promise<T>) => Promise<T>;
  /** the full pass: written rows from which the subtree sums are rebuilt once at the end (ADR 1063) */
  deferSubtreeSumsAt?: number;
  /**
   * A pass over the region: new warnings from which they, the transitions and the tasks are
   * streamed with COPY instead of JSON statements (ADR 1070)
   */
  copyAt?: number;
  /** read and analyse the partnerships even when the version row says the cached analysis is current */
  freshNetwork?: boolean;
  /**
   * The nightly pass (orgIds = null): judge only the organisations whose facts changed since they
   * were last judged and those whose verdict can change by time alone; the partnerships and the
   * townships as a whole (ADR 1064). Falls back to the full pass when those are more than
   * `fullShare` (default a quarter) of the region.
   */
  changedOnly?: boolean;
  fullShare?: number;
}

/** Share of the region above which the nightly pass judges everything set-based instead (ADR 1064). */
const FULL_SHARE = 0.25;

interface ChangedPick {
  /** the marks read before judging: removed at the end, if unchanged meanwhile */
  dirty: Array<{ orgId: string; seq: string }>;
  /** the organisations to judge, or null for all of them */
  scope: string[] | null;
  stats: NonNullable<EvaluationStats["changes"]>;
}

/** The organisations the nightly pass must judge (ADR 1064). */
async function pickChanged(db: DbTx, now: Date, changedOnly: boolean, fullShare: number): Promise<ChangedPick> {
  const dirty = await db.$queryRawUnsafe<Array<{ orgId: string; seq: string }>>(
    `SELECT "orgId", seq::text AS seq FROM "WarningDirty"`,
  );
  const [counts] = await db.$queryRawUnsafe<Array<{ total: number }>>(
    `SELECT count(*)::int AS total FROM "Org" WHERE active AND kind IN ${JUDGED_KINDS}`,
  );
  const total = counts!.total;
  if (!changedOnly)
    return { dirty, scope: null, stats: { mode: "full", total, dirty: dirty.length, due: total, lifecycle: 0 } };
  const due = await db.$queryRawUnsafe<Array<{ id: string }>>(
    `SELECT o.id FROM "Org" o LEFT JOIN "WarningDue" d ON d."orgId" = o.id
     WHERE o.active AND o.kind IN ${JUDGED_KINDS} AND (d."dueAt" IS NULL OR d."dueAt" <= $1::timestamp)`,
    now,
  );
  // the lifecycle's own clock: an acknowledged firing warning fires again after 30 days; a pending
  // one fires after its rule's days; a flapping one may calm down at its next evaluation
  const lifecycle = await db.$queryRawUnsafe<Array<{ id: string }>>(
    `SELECT DISTINCT "orgId" AS id FROM "Warning"
     WHERE "subjectType" IN ('ORG', 'MEMBER') AND state <> 'RESOLVED'
       AND (state = 'PENDING' OR flapping OR (state = 'FIRING' AND "acknowledgedAt" <= $1::timestamp - interval '${REFIRE_AFTER_DAYS} days'))`,
    now,
  );
  const scope = [...new Set([...dirty.map((d) => d.orgId), ...due.map((d) => d.id), ...lifecycle.map((d) => d.id)])];
  const stats = { total, dirty: dirty.length, due: due.length, lifecycle: lifecycle.length };
  if (scope.length > total * fullShare) return { dirty, scope: null, stats: { mode: "full", ...stats } };
  return { dirty, scope, stats: { mode: "changed", ...stats } };
}

/** The planner settings of the full pass's reads (whole tables: hash joins, parallel workers, no JIT). */
export async function fullPassReadSettings(db: DbTx): Promise<void> {
  // JIT compiles these plans with inlining and optimisation (the member statement's estimate
  // is inflated by its outer joins): ~0.7 s of compile for nothing on a read of plain hash joins
  await db.$executeRawUnsafe("SET LOCAL jit = off");
  await db.$executeRawUnsafe("SET LOCAL enable_nestloop = off");
  await db.$executeRawUnsafe("SET LOCAL work_mem = '256MB'");
  // the member statement is hash aggregates over millions of rows: worth parallel workers (the
  // JS side is idle meanwhile), which the default costs rarely choose; 5.0 s → 3.0–3.4 s at city scale
  await db.$executeRawUnsafe("SET LOCAL parallel_setup_cost = 10");
  await db.$executeRawUnsafe("SET LOCAL parallel_tuple_cost = 0.001");
}

/** Records each phase's milliseconds under its name, from the end of the previous one. */
type Lap = (name: string) => void;

/** What every phase of one evaluation shares. */
interface Pass {
  db: DbTx;
  now: Date;
  options: EvaluationOptions;
  lap: Lap;
  /**
   * The pass over the region (orgIds = null) — full or nightly with change detection — reads the
   * change marks first, judges the whole network and every township, and records for each
   * organisation it judged the next instant time alone can change it (ADR 1064). The incremental
   * path (a few organisations after the outbox) does none of that.
   */
  regional: boolean;
  /** the organisations judged (branches; party groups stand for theirs), or null for all of them */
  scope: string[] | null;
  /** everything judged at once: whole-table reads, the side read, the deferred subtree sums */
  full: boolean;
}

/** Evaluates every rule for the given organisations (null = everything) and persists the outcome. */
export async function evaluateWarnings(
  db: DbTx,
  now: Date,
  orgIds: readonly string[] | null,
  options: EvaluationOptions = {},
): Promise<EvaluationStats> {
  const started = performance.now();
  // one evaluation at a time (full and incremental write the same rows): they serialise here
  await db.$executeRawUnsafe(`SELECT pg_advisory_xact_lock(${EVALUATION_LOCK})`);
  const phases: Record<string, number> = {};
  let mark = performance.now();
  const lap: Lap = (name) => {
    const t = performance.now();
    phases[name] = Math.round(t - mark);
    mark = t;
  };
  const regional = orgIds === null;
  const pick = regional
    ? await pickChanged(db, now, options.changedOnly ?? false, options.fullShare ?? FULL_SHARE)
    : null;
  if (pick) lap("pick");
  const scope = await branchesOf(db, orgIds ?? pick?.scope ?? null);
  if (scope?.length === 0 && !regional)
    return { orgs: 0, members: 0, links: 0, results: 0, written: 0, transitions: 0, tasks: 0, ms: 0 };
  const pass: Pass = { db, now, options, lap, regional, scope, full: regional && !scope };

  const signals = await readSignals(pass);
  const judgement = await judgeOrganisations(pass, signals);
  lap("judge");
  const network = await judgeNetwork(pass, signals.prebuilt, judgement);
  lap("networkRules");
  const persisted = await persist(
    db,
    lap,
    pass.full ? (options.deferSubtreeSumsAt ?? DEFER_SUBTREE_SUMS_AT) : null,
    regional ? (options.copyAt ?? COPY_AT) : null,
    judgement.results,
    judgement.results.lifecycle ? null : (judgement.existing ?? judgedWarnings(pass, judgement, network)),
    now,
  );
  lap("persistTasks");
  const grouped = await judgeAreas(pass, judgement.settings);
  for (const k of ["written", "transitions", "tasks"] as const) persisted[k] += grouped[k];
  lap("areas");
  // PostgreSQL writes the health scores and rebuilds the deferred sums while Node works out each
  // organisation's next instant of change (a pass over the region; ADR 1073). These three phases
  // overlap: each records its own duration, and "writesWait" what was left of the writes after it.
  const writing = (async () => {
    const t0 = performance.now();
    const healthWritten = await writeHealth(db, judgement.health, now);
    phases.health = Math.round(performance.now() - t0);
    if (persisted.deferred) {
      const t1 = performance.now();
      // the subtree sums were left to this rebuild (ADR 1063), still in the pass's transaction:
      // the warnings' always; the health sums only when a health row was written (ADR 1073)
      await db.$executeRawUnsafe("SET LOCAL dangjian.subtree_deferred = off");
      await db.$executeRawUnsafe(
        healthWritten > 0
          ? `SELECT "dangjian_subtree_stats_rebuild"()`
          : `SELECT "dangjian_subtree_warnings_rebuild"()`,
      );
      phases.subtreeRebuild = Math.round(performance.now() - t1);
    }
  })();
  writing.catch(() => undefined); // awaited below; never an unhandled rejection meanwhile
  const due = pick ? await nextInstants(signals.members, judgement.judged, persisted.active, now) : null;
  if (due) lap("due");
  await writing;
  lap("writesWait");
  if (pick) await recordPass(pass, pick, due!, network.net);
  const { deferred: _deferred, active: _active, ...counts } = persisted;
  return {
    orgs: signals.orgs.length,
    members: [...signals.members.values()].reduce((a, b) => a + b.memberCount, 0),
    links: network.filter
      ? network.filter.links.size
      : network.tieScope
        ? network.tieScope.links.size
        : network.input.links.length,
    results: judgement.results.count,
    ...counts,
    ms: Math.round(performance.now() - started),
    phases,
    ...(pick ? { changes: { ...pick.stats, mode: pass.full ? "full" : "changed" } } : {}),
  };
}

/** The organisations to judge as branches: a party group's facts belong to its branch's judgement. */
async function branchesOf(db: DbTx, orgIds: readonly string[] | null): Promise<string[] | null> {
  if (!orgIds) return null;
  await db.$executeRawUnsafe("SET LOCAL jit = off");
  const rows = await db.$queryRawUnsafe<Array<{ id: string }>>(
    `SELECT DISTINCT CASE WHEN kind = 'PARTY_GROUP' THEN "parentId" ELSE id END AS id FROM "Org" WHERE id = ANY($1::uuid[])`,
    [...orgIds],
  );
  return rows.map((r) => r.id).filter(Boolean);
}

interface Signals {
  orgs: Awaited<ReturnType<typeof loadOrgs>>;
  members: Map<string, BranchMembers>;
  /** the full pass: the analysed network, read beside the members */
  prebuilt: NetworkCache | undefined;
  /** the full pass: every warning it is responsible for, read beside the members (null: not read yet) */
  existing: ExistingWarning[] | null;
}

/** Reads the organisations' facts, their members' figures and (the full pass) the partnerships. */
async function readSignals(pass: Pass): Promise<Signals> {
  const { db, now, lap, scope, full } = pass;
  if (!full) {
    const orgs = await loadOrgs(db, scope, now);
    lap("orgs");
    const members = await loadMembers(db, scope, now);
    lap("members");
    return { orgs, members, prebuilt: undefined, existing: null };
  }
  // A full pass reads whole tables: hash joins are always right, and fresh tables without
  // statistics must not lure the planner into per-member nested loops.
  await fullPassReadSettings(db);
  // The member statement is the longest read (PostgreSQL's hash joins and aggregation over every
  // member): it starts first, in the pass's transaction, and everything else is read beside it on
  // a second connection — the organisations' facts, the partnerships unless their analysis is
  // cached, and the stored warnings — and decoded and analysed in JS while PostgreSQL still works
  // on the members (ADR 1068).
  const cached = await cachedNetwork(db, pass.options);
  const pendingMembers = loadMembers(db, null, now);
  pendingMembers.catch(() => undefined); // awaited below; never an unhandled rejection meanwhile
  const side = await readBeside(pass, cached === undefined);
  lap("beside");
  let prebuilt = cached;
  let orgs = side?.orgs ?? null;
  if (!prebuilt && side?.network) {
    const { database, signature, loaded } = side.network;
    prebuilt = buildNetwork(database, signature, loaded);
    lap("network");
  }
  const members = await pendingMembers;
  lap("members");
  // no side read: everything else in the pass's transaction, after the members
  orgs ??= await loadOrgs(db, null, now);
  if (!prebuilt) {
    const { database, signature } = await networkSignature(db);
    prebuilt = buildNetwork(database, signature, await loadLinks(db, now));
  }
  if (!side) lap("fallback");
  return { orgs, members, prebuilt, existing: side?.existing ?? null };
}

/** The analysed network of an earlier pass when no partnership changed since (the version row, ADR 0301). */
async function cachedNetwork(db: DbTx, options: EvaluationOptions): Promise<NetworkCache | undefined> {
  if (options.freshNetwork) return undefined;
  const { database, signature } = await networkSignature(db);
  const cached = networkCache.get(database);
  return cached?.signature === signature ? cached : undefined;
}

/**
 * The full pass's reads beside the member statement, in read-only transactions of their own
 * (ADR 1062, 1068): in one, the organisations' facts and, when `links`, the network version and
 * then the partnerships; in the other at the same time, every warning the pass is responsible for.
 * Null when there is no side connection or a side read failed (logged).
 */
async function readBeside(
  { now, options }: Pass,
  links: boolean,
): Promise<{
  orgs: Awaited<ReturnType<typeof loadOrgs>>;
  network: { database: string; signature: string; loaded: Awaited<ReturnType<typeof loadLinks>> } | null;
  existing: ExistingWarning[];
} | null> {
  if (!options.sideRead) return null;
  try {
    // two side transactions at once: the organisations' statement is PostgreSQL's work and the
    // stored warnings are mostly Node's decoding, so each goes on while the other waits (province:
    // cached passes 62.9–67.4 → 54.9–56.6 s). Either failing falls back as one side read would.
    const sideRead = options.sideRead;
    const [first, existing] = await Promise.all([
      sideRead(async (tx) => {
        await fullPassReadSettings(tx);
        const orgs = await loadOrgs(tx, null, now);
        const network = links ? { ...(await networkSignature(tx)), loaded: await loadLinks(tx, now) } : null;
        return { orgs, network };
      }),
      sideRead(async (tx) => {
        await fullPassReadSettings(tx);
        return readJudged(tx, FULL_PASS_JUDGED);
      }),
    ]);
    return { ...first, existing };
  } catch (error: unknown) {
    getLogger("warnings").error({ err: error }, "side read failed; reading in the pass's transaction");
    return null;
  }
}

interface OrgJudgement {
  settings: Map<string, Map<RuleId, Partial<Thresholds>>>;
  /** the notable results: the organisations' and their members' first, then (judgeNetwork) the network's */
  results: Judged;
  /** how many of `results` are the organisations' and their members' */
  orgResults: number;
  health: Map<string, { score: number | null; reasons: unknown }>;
  /** what the pass over the region needs after persisting, to record each organisation's next instant */
  judged: Array<{ signals: OrgSignals; settings: Settings | undefined; cadence: Cadence[] }>;
  /** judged organisation → its ancestors */
  ancestorsOf: Map<string, string[]>;
  /** the full pass without a side read: every warning it is responsible for, read while it judges */
  existing: Promise<ExistingWarning[]> | null;
}

/** O1–O8 for every organisation read and its members, with the tuned thresholds and cadence rules in force. */
async function judgeOrganisations({ db, now, regional, full }: Pass, signals: Signals): Promise<OrgJudgement> {
  const { orgs, members } = signals;
  const settings = await loadSettings(db);
  if (full) await db.$executeRawUnsafe("SET LOCAL enable_nestloop = on");
  // the full pass has read every warning it is responsible for beside the members, or (no side
  // read) reads them while it judges; the incremental pass knows its subjects only after judging.
  // O1 judges each organisation by the cadence rules in force for it, as its branch home does
  // (read before the warnings below: the transaction's one connection would queue it behind them,
  // and the judging would wait for the whole read instead of overlapping it)
  const rulesFor = await cadenceResolver(db);
  const existing = full && !signals.existing ? readJudged(db, FULL_PASS_JUDGED) : null;
  existing?.catch(() => undefined); // awaited in persist; never an unhandled rejection meanwhile
  // with the stored warnings in hand, each result is compared with its own as it is judged (ADR 1079)
  const results = new Judged(full && signals.existing ? new Lifecycle(signals.existing, now) : null);
  const ancestorsOf = new Map(orgs.map((o) => [o.id, o.ancestorIds]));
  // the resolver returns one array per distinct rule chain: O1's cadence is derived once per chain
  const cadenceOf = new Map<ReturnType<typeof rulesFor>, ReturnType<typeof warningCadenceOf>>();
  const cadenceFor = (orgId: string, ancestorIds: readonly string[]) => {
    const rules = rulesFor(orgId, ancestorIds);
    let cadence = cadenceOf.get(rules);
    if (!cadence) cadenceOf.set(rules, (cadence = warningCadenceOf(rules)));
    return cadence;
  };
  const health = new Map<string, { score: number | null; reasons: unknown }>();
  const judged: OrgJudgement["judged"] = [];
  // judged in the organisations' key order (the whole-table read comes in hash order): the first
  // pass's new warnings then reach the table in that order too, and their foreign key checks and
  // (organisation, state) index entries walk the pages in order (ADR 1073)
  if (full) orgs.sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  // only results with something to say are built: a condition, no data, or not yet recovered (an
  // open warning without a result is resolved by persist), so healthy subjects cost nothing
  for (const org of orgs) {
    const s = settingsFor(settings, org.id, org.ancestorIds);
    const branch = members.get(org.id);
    const list = branch?.members ?? [];
    for (const m of list) for (const r of evaluateMember(m, s, now, NOTABLE)) results.push(r);
    const orgSignal = orgSignals(org.raw, branch, now);
    const cadence = cadenceFor(org.id, org.ancestorIds);
    const e = evaluateOrg(orgSignal, list, s, now, cadence, NOTABLE);
    for (const r of e.results) results.push(r);
    health.set(org.id, e.health);
    if (regional) judged.push({ signals: orgSignal, settings: s, cadence });
  }
  return { settings, results, orgResults: results.count, health, judged, ancestorsOf, existing };
}

interface NetworkJudgement {
  net: NetworkCache;
  /** the links with their strengths now (the ones judged, at least) */
  input: NetworkInput;
  /** the incremental path: the touched organisations and their ties */
  filter: { links: Set<number>; orgs: Set<number> } | undefined;
  /** the nightly pass: the ties and organisations whose partnership rules it judges (null: all) */
  tieScope: TieScope | null;
}

/** T1–T7: every tie and organisation in the full pass, the touched ones incrementally, what can have moved nightly. */
async function judgeNetwork(
  { db, now, options, lap, regional, full, scope }: Pass,
  prebuilt: NetworkCache | undefined,
  judgement: OrgJudgement,
): Promise<NetworkJudgement> {
  const { results, health, ancestorsOf } = judgement;
  const net = prebuilt ?? (await networkOf(db, now, options.freshNetwork ?? false));
  if (!prebuilt) lap("network");
  let input: NetworkInput;
  let filter: NetworkJudgement["filter"];
  let healthScores = new Map([...health].map(([id, h]) => [id, h.score]));
  let tieScope: TieScope | null = null;
  /** organisations T5–T7 speak of: the judged ones */
  let isJudged = (id: string) => ancestorsOf.has(id);
  if (!regional) {
    // only the touched organisations' partnerships: found through the cached incidence lists,
    // their strengths re-read by key; every other tie keeps the cached value (not judged here)
    const touched = new Set(scope!.map((id) => net.index.get(id)).filter((i): i is number => i !== undefined));
    const touchedLinks = new Set<number>();
    for (const v of touched) for (const e of net.incident[v]!) touchedLinks.add(e);
    filter = { orgs: touched, links: touchedLinks };
    const fresh = await db.$queryRawUnsafe<Array<{ id: string; s: number; at: Date | null }>>(
      `SELECT id, strength AS s, "strengthAt" AS at FROM "OrgLink" WHERE status = 'ACTIVE' AND "orgAId" = ANY($1::uuid[])
       UNION ALL
       SELECT id, strength AS s, "strengthAt" AS at FROM "OrgLink" WHERE status = 'ACTIVE' AND "orgBId" = ANY($1::uuid[]) AND NOT ("orgAId" = ANY($1::uuid[]))`,
      [...scope!],
    );
    // (not a copy of the million-link array with these few replaced: that copy was most of an
    // outbox event's evaluation at province scale, ~25 of ~70 ms)
    const reread = new Map<number, NetworkInput["links"][number]>();
    for (const f of fresh) {
      const i = net.linkIndex.get(f.id);
      if (i !== undefined)
        reread.set(i, {
          ...net.input.links[i]!,
          strength: decayedStrength(f.s, f.at, now),
          since: { strength: f.s, at: f.at },
        });
    }
    input = { orgIds: net.orgIds, links: net.input.links, reread };
  } else {
    // a pass over the region: every tie at its strength now, from the stored strengths the
    // analysis holds (read now, or at an earlier pass when the version row says none changed since)
    const strengths = new Float64Array(net.links.length);
    for (let i = 0; i < strengths.length; i++)
      strengths[i] = decayedStrength(net.links[i]!.stored, net.links[i]!.storedAt, now);
    input = { orgIds: net.orgIds, links: net.input.links, strengths };
  }
  if (regional && !full) {
    // the nightly pass judging what changed: the health of the organisations not judged tonight
    // as they stored it
    const stored = await db.$queryRawUnsafe<Array<{ id: string; score: number | null }>>(
      `SELECT o.id, h.score FROM "Org" o LEFT JOIN "OrgHealth" h ON h."orgId" = o.id WHERE o.active AND o.kind IN ${JUDGED_KINDS}`,
    );
    const all = new Map(stored.map((r) => [r.id, r.score]));
    for (const [id, h] of health) all.set(id, h.score);
    healthScores = all;
    isJudged = (id: string) => all.has(id);
    // only the ties and organisations whose partnership verdicts can differ from the last pass's
    // (ADR 1066); every one when the network changed since or no pass is recorded
    tieScope = await pickTies(db, net, input, scope!, now);
    lap("networkInput");
  }
  const networkFilter = filter ?? (tieScope ? { links: tieScope.links, orgs: tieScope.orgs } : undefined);
  for (const r of evaluateNetwork(input, net.structure, healthScores, undefined, { ...networkFilter, all: false })) {
    // T5–T7 only for organisations the rules judge
    if (r.subjectType === "ORG" && !isJudged(r.subjectId)) continue;
    if (isNotable(r)) results.push(r);
  }
  return { net, input, filter, tieScope };
}

/** The warnings an incremental or nightly evaluation is responsible for (those without a result are resolved). */
function judgedWarnings(
  { regional, scope }: Pass,
  { results: { kept: results }, orgResults }: OrgJudgement,
  { input, filter, tieScope }: NetworkJudgement,
): { where: string; params: unknown[] } {
  if (!regional) {
    const scopeLinks = filter ? [...filter.links].map((e) => input.links[e]!.id) : [];
    const subjectIds = [...new Set([...results.map((r) => r.subjectId), ...scopeLinks])];
    return {
      where: `"subjectType" <> 'AREA' AND ("subjectId" = ANY($1::uuid[]) OR ("subjectType" <> 'LINK' AND "orgId" = ANY($2::uuid[])))`,
      params: [subjectIds, [...scope!]],
    };
  }
  // the nightly pass judging what changed: every partnership and T5–T7 warning, and those of
  // the organisations judged (their own, their members' — also a member who moved elsewhere)
  const subjectIds = [...new Set(results.slice(0, orgResults).map((r) => r.subjectId))];
  if (tieScope)
    // the partnership warnings of the ties and organisations judged (ADR 1066); the others
    // of the organisations judged as below
    return {
      where: `"subjectType" <> 'AREA' AND (("subjectType" = 'LINK' AND "subjectId" = ANY($3::uuid[]))
          OR ("ruleId" IN ('T5', 'T6', 'T7') AND "subjectId" = ANY($4::uuid[]))
          OR ("subjectType" <> 'LINK' AND "ruleId" NOT IN ('T5', 'T6', 'T7') AND ("subjectId" = ANY($1::uuid[]) OR "orgId" = ANY($2::uuid[]))))`,
      params: [
        subjectIds,
        [...scope!],
        [...tieScope.links].map((e) => input.links[e]!.id),
        [...tieScope.orgs].map((v) => input.orgIds[v]!),
      ],
    };
  return {
    where: `"subjectType" <> 'AREA' AND ("subjectType" = 'LINK' OR "ruleId" IN ('T5', 'T6', 'T7') OR "subjectId" = ANY($1::uuid[]) OR "orgId" = ANY($2::uuid[]))`,
    params: [subjectIds, [...scope!]],
  };
}

/**
 * Inhibition and R1: townships whose branches are now critical on the same rule, judged from the
 * warnings just written (so the full and the incremental path agree here too), and their open
 * needs nobody claimed; every township in a pass over the region. Persisted together.
 */
async function judgeAreas(
  { db, now, regional, scope }: Pass,
  settings: OrgJudgement["settings"],
): Promise<Awaited<ReturnType<typeof persist>>> {
  // (hash joins only; the Warning table's statistics predate the rows just written, and a nested
  // loop over a million of them per branch never ends)
  const areaScope = regional ? null : scope;
  if (regional) await db.$executeRawUnsafe("SET LOCAL enable_nestloop = off");
  const areas = await loadAreas(db, areaScope, [...AREA_RULES]);
  if (regional) await db.$executeRawUnsafe("SET LOCAL enable_nestloop = on");
  const openNeeds = await loadOpenNeeds(db, areaScope ? areas.map((a) => a.areaId) : null);
  const needResults = evaluateOpenNeeds(
    openNeeds,
    (areaId) => settingsFor(settings, areaId, openNeeds.find((a) => a.areaId === areaId)?.ancestorIds ?? []),
    now,
  );
  return persist(
    db,
    null,
    null,
    null,
    Judged.of([...evaluateAreas(areas), ...needResults]),
    areaScope
      ? { where: `"subjectType" = 'AREA' AND "subjectId" = ANY($1::uuid[])`, params: [areas.map((a) => a.areaId)] }
      : { where: `"subjectType" = 'AREA'`, params: [] },
    now,
  );
}

/**
 * The pass over the region's bookkeeping (ADR 1064, 1066): each judged organisation's next instant
 * of change by time alone (nextInstants); the instant and network version the partnerships were
 * judged at; then the marks this pass read (and so judged) are removed, where no writer renewed
 * them meanwhile.
 */
async function recordPass(
  { db, now, lap }: Pass,
  pick: ChangedPick,
  due: ReadonlyArray<readonly [string, string]>,
  net: NetworkCache,
): Promise<void> {
  await writeDue(db, due);
  // every tie was judged at `now` as of this network version, or left because it could not differ
  await db.$executeRawUnsafe(
    `INSERT INTO "WarningNetworkPass" (id, at, signature) VALUES (1, $1::timestamp, $2)
       ON CONFLICT (id) DO UPDATE SET at = EXCLUDED.at, signature = EXCLUDED.signature`,
    now,
    net.signature,
  );
  await inSlices(pick.dirty, (slice) =>
    db.$executeRawUnsafe(
      `DELETE FROM "WarningDirty" d USING unnest($1::uuid[], $2::bigint[]) AS x(id, seq) WHERE d."orgId" = x.id AND d.seq = x.seq`,
      slice.map((d) => d.orgId),
      slice.map((d) => d.seq),
    ),
  );
  lap("dueWrite");
}

/**
 * Each judged organisation's next instant of change by time alone, from its signals and the
 * warnings active after this pass (ADR 1064). Yields to the event loop between chunks, so the
 * statements the pass has under way meanwhile go out and come back (ADR 1073).
 */
async function nextInstants(
  members: Map<string, BranchMembers>,
  judged: OrgJudgement["judged"],
  active: Set<string>,
  now: Date,
): Promise<Array<readonly [string, string]>> {
  const due: Array<readonly [string, string]> = [];
  const isActive = (rule: string, subject: string) => active.has(`${rule}|${subject}`);
  for (let i = 0; i < judged.length; i++) {
    if (i % DUE_CHUNK === DUE_CHUNK - 1) await new Promise((resolve) => setImmediate(resolve));
    const { signals, settings: s, cadence } = judged[i]!;
    const branch = members.get(signals.orgId);
    const at = nextChangeAt(
      {
        org: signals,
        members: branch?.members ?? [],
        unlistedFrom: branch?.unlistedFrom ?? null,
        aheadRatio: branch?.aheadRatio ?? null,
        active: isActive,
      },
      s,
      now,
      cadence,
    );
    due.push([signals.orgId, new Date(at).toISOString()]);
  }
  return due;
}
/** organisations between two yields of nextInstants (~50 ms of work at province scale) */
const DUE_CHUNK = 5_000;

interface TieScope {
  /** indexes into the network's links */
  links: Set<number>;
  /** indexes into the network's organisations (T5–T7); their every tie is in `links` */
  orgs: Set<number>;
}

/** relative margin around a threshold: a tie within it of a line is judged (floating point) */
const LINE_MARGIN = 1e-6;

/**
 * The ties and organisations whose partnership rules can say something else than at the last pass
 * over the region (ADR 1066). Since then, with the network version unchanged, no tie had a joint
 * activity: every strength only decayed. A tie's verdict (T1–T4) changes only when its strength
 * crosses one of the rules' lines; what it stores does not move with the clock (ADR 1065). An
 * organisation's T6 stores its strongest tie now: judged while that is under T6's lines (or it has
 * none), which also catches it falling under them; T5 moves with its health: the organisations
 * judged tonight; T7 only with the network. Warnings whose lifecycle moves by itself (an
 * acknowledgement lapsing, pending, flapping) are judged too. Null: judge everything.
 */
async function pickTies(
  db: DbTx,
  net: NetworkCache,
  input: NetworkInput,
  scope: readonly string[],
  now: Date,
): Promise<TieScope | null> {
  const [last] = await db.$queryRawUnsafe<Array<{ at: Date; signature: string }>>(
    `SELECT at, signature FROM "WarningNetworkPass" WHERE id = 1`,
  );
  if (!last || last.signature !== net.signature || last.at.getTime() > now.getTime()) return null;
  const prev = last.at;
  const lines = [
    ...new Set(
      (["T1", "T2", "T3", "T4"] as const).flatMap((id) => {
        const th = DEFAULT_RULES[id].thresholds;
        return [th.warn, th.crit, th.recover];
      }),
    ),
  ].filter((x) => Number.isFinite(x) && x > 0);
  const t6 = DEFAULT_RULES.T6.thresholds;
  const t6Line = Math.max(...[t6.warn, t6.crit, t6.recover].filter((x) => Number.isFinite(x)));
  const links = new Set<number>();
  const strongest = new Float64Array(input.orgIds.length);
  for (let e = 0; e < input.links.length; e++) {
    const l = input.links[e]!;
    const sNow = input.strengths ? input.strengths[e]! : l.strength;
    strongest[l.a] = Math.max(strongest[l.a]!, sNow);
    strongest[l.b] = Math.max(strongest[l.b]!, sNow);
    const stored = net.links[e]!;
    const sPrev = decayedStrength(stored.stored, stored.storedAt, prev);
    for (const x of lines)
      if (sNow <= x * (1 + LINE_MARGIN) && sPrev >= x * (1 - LINE_MARGIN)) {
        links.add(e);
        break;
      }
  }
  const orgs = new Set<number>();
  for (let v = 0; v < input.orgIds.length; v++)
    if (net.incident[v]!.length === 0 || strongest[v]! < t6Line * (1 + LINE_MARGIN)) orgs.add(v);
  for (const id of scope) {
    const v = net.index.get(id);
    if (v !== undefined) orgs.add(v);
  }
  const moving = await db.$queryRawUnsafe<Array<{ subjectType: string; subjectId: string }>>(
    `SELECT "subjectType", "subjectId" FROM "Warning"
     WHERE ("subjectType" = 'LINK' OR "ruleId" IN ('T5', 'T6', 'T7')) AND state <> 'RESOLVED'
       AND (state = 'PENDING' OR flapping OR (state = 'FIRING' AND "acknowledgedAt" <= $1::timestamp - interval '${REFIRE_AFTER_DAYS} days'))`,
    now,
  );
  for (const w of moving) {
    if (w.subjectType === "LINK") {
      const e = net.linkIndex.get(w.subjectId);
      if (e !== undefined) links.add(e);
      else return null; // a tie no longer in the network: judge everything
    } else {
      const v = net.index.get(w.subjectId);
      if (v !== undefined) orgs.add(v);
    }
  }
  // T6 needs every tie of the organisations judged (their strongest)
  for (const v of orgs) for (const e of net.incident[v]!) links.add(e);
  return { links, orgs };
}

/** Records each judged organisation's next instant of change by time alone (rows that moved only). */
async function writeDue(db: DbTx, due: ReadonlyArray<readonly [string, string]>): Promise<void> {
  await inSlices(due, (slice) =>
    db.$executeRawUnsafe(
      `INSERT INTO "WarningDue" AS d ("orgId", "dueAt")
       SELECT x.id, x.at FROM unnest($1::uuid[], $2::timestamp[]) AS x(id, at)
       ON CONFLICT ("orgId") DO UPDATE SET "dueAt" = EXCLUDED."dueAt" WHERE d."dueAt" IS DISTINCT FROM EXCLUDED."dueAt"`,
      slice.map((d) => d[0]),
      slice.map((d) => d[1]),
    ),
  );
}

/**
 * A stored warning as the lifecycle step needs it. Kept narrow (ADR 1080): the full pass holds ~943k
 * of them at province scale from its side read to the end of judging, and every object and string
 * they hold is copied by the young generation's collector and promoted. Not its id: an upsert keeps
 * the stored row's (ids come back from the statement).
 */
interface ExistingWarning {
  ruleId: string;
  subjectType: "ORG" | "MEMBER" | "LINK" | "AREA";
  subjectId: string;
  orgId: string;
  state: WarningStatus["state"];
  severity: WarningStatus["severity"];
  value: number | null;
  /** as stored (jsonb's text): parsed only to compare, so a million parsed objects are not kept */
  params: string;
  /** the instants as epoch milliseconds (see JUDGED_COLUMNS) */
  firstSeenAt: number;
  firingSince: number | null;
  acknowledgedAt: number | null;
  flapping: boolean;
  /** the recent flips as the int[] literal PostgreSQL sends ("{0,1,0}"): one string, made an array when compared */
  flips: string;
}

/** jsonb does not keep key order: compare parameters by sorted keys. */
const canonical = (value: unknown): string =>
  JSON.stringify(value, (_k, v: unknown) =>
    v && typeof v === "object" && !Array.isArray(v)
      ? Object.fromEntries(Object.entries(v).sort(([a], [b]) => a.localeCompare(b)))
      : v,
  );
/**
 * Whether stored parameters equal new ones as canonical JSON. Flat objects whose keys and
 * primitive values are identical are equal without serialising (the common case: a million
 * unchanged warnings per province pass, ADR 1062); anything else is decided by `canonical`.
 */
function sameParams(stored: unknown, fresh: Record<string, unknown>): boolean {
  if (stored && typeof stored === "object" && !Array.isArray(stored)) {
    const a = stored as Record<string, unknown>;
    const keys = Object.keys(fresh);
    let same = keys.length === Object.keys(a).length;
    for (let i = 0; same && i < keys.length; i++) {
      const x = a[keys[i]!];
      same = x === fresh[keys[i]!] && (x === null || typeof x !== "object");
    }
    if (same) return true;
  }
  return canonical(stored) === canonical(fresh);
}
const keyOf = (r: { ruleId: string; subjectType: string; subjectId: string }) =>
  `${r.ruleId}|${r.subjectType}|${r.subjectId}`;
/** rows per bulk statement: a province's first pass writes ~1M warnings, whose JSON would not fit in one string */
const WRITE_SLICE = 20_000;
async function inSlices<T>(items: readonly T[], write: (slice: T[]) => Promise<unknown>): Promise<void> {
  for (let i = 0; i < items.length; i += WRITE_SLICE) await write(items.slice(i, i + WRITE_SLICE));
}
const ACTIVE = new Set<string>(ACTIVE_STATES);
/** written rows from which the full pass rebuilds the subtree sums once instead of through the triggers */
const DEFER_SUBTREE_SUMS_AT = 20_000;
/** new warnings from which a pass over the region streams its inserts with COPY (ADR 1070) */
const COPY_AT = 20_000;
/** the columns a new warning is inserted with, in COPY's order */
const WARNING_COLUMNS = [
  "id",
  "ruleId",
  "subjectType",
  "subjectId",
  "orgId",
  "state",
  "severity",
  "messageKey",
  "params",
  "evidence",
  "actionKey",
  "value",
  "firstSeenAt",
  "firingSince",
  "acknowledgedAt",
  "flapping",
  "flipHistory",
  "createdAt",
  "lastEvaluatedAt",
] as const;

/**
 * Streams rows into a table with COPY on the pass's own connection when `copyAt` allows and there
 * are that many (ADR 1070). False, with nothing written: the caller writes them its usual way.
 */
async function copied(
  db: DbTx,
  copyAt: number | null,
  count: number,
  table: string,
  columns: readonly string[],
  rows: () => Iterable<readonly unknown[]>,
): Promise<boolean> {
  if (copyAt === null || count === 0 || count < copyAt) return false;
  return copyRows(db, table, columns, rows());
}

/** The full pass is responsible for every warning but the townships' (judged by judgeAreas). */
const FULL_PASS_JUDGED = { where: `"subjectType" <> 'AREA'`, params: [] };
/**
 * The open and past warnings an evaluation is responsible for. Streamed as texts and decoded row by
 * row (ADR 1072): the full pass reads ~943k at province scale, and through Prisma each row was an
 * array, then an object of typed values, then this object, all kept until the last row arrived.
 */
async function readJudged(db: DbTx, judged: { where: string; params: unknown[] }): Promise<ExistingWarning[]> {
  const out: ExistingWarning[] = [];
  await eachTextRow(db, `SELECT ${JUDGED_COLUMNS} FROM "Warning" WHERE ${judged.where}`, judged.params, (c) =>
    out.push(storedWarning(c)),
  );
  return out;
}
/**
 * A stored instant as exact epoch milliseconds, as text: a number decodes in about half the CPU of a
 * Date (the full pass's decoding went 14.8–17.8 s → 8.5–10.1 s CPU at province scale).
 */
const epochText = (column: string) => `((extract(epoch FROM "${column}") * 1000)::float8)::text`;
/** The stored warnings' columns the lifecycle step needs, each as text, in `storedWarning`'s order. */
const JUDGED_COLUMNS = [
  `"ruleId"`,
  `"subjectType"::text`,
  `"subjectId"::text`,
  `"orgId"::text`,
  "state::text",
  "severity::text",
  "value::text",
  "params::text",
  epochText("firstSeenAt"),
  epochText("firingSince"),
  epochText("acknowledgedAt"),
  "flapping::text",
  `"flipHistory"::text`,
]
  // distinct names: read through Prisma (no registered connection), the row is an object by name
  .map((column, i) => `${column} AS c${i}`)
  .join(", ");
/** the few distinct rule ids, subject types, states and severities: one string each, not one per row */
const interned = new Map<string, string>();
function intern(text: string): string {
  const known = interned.get(text);
  if (known !== undefined) return known;
  interned.set(text, text);
  return text;
}
const numberOrNull = (text: string | null | undefined): number | null => (text == null ? null : Number(text));
/** One stored warning from its columns' texts (JUDGED_COLUMNS). */
function storedWarning(c: ReadonlyArray<string | null>): ExistingWarning {
  return {
    ruleId: intern(c[0]!),
    subjectType: intern(c[1]!) as ExistingWarning["subjectType"],
    subjectId: c[2]!,
    orgId: c[3]!,
    state: intern(c[4]!) as ExistingWarning["state"],
    severity: intern(c[5]!) as ExistingWarning["severity"],
    value: numberOrNull(c[6]),
    params: c[7]!,
    firstSeenAt: Number(c[8]),
    firingSince: numberOrNull(c[9]),
    acknowledgedAt: numberOrNull(c[10]),
    flapping: c[11] === "t",
    flips: c[12]!,
  };
}
/** An int[] literal's numbers ("{}" and "{0,1}"). */
const flipsOf = (text: string): number[] => (text.length <= 2 ? [] : text.slice(1, -1).split(",").map(Number));
const dateOf = (ms: number | null): Date | null => (ms === null ? null : new Date(ms));

/** What comparing one result with its stored warning decided: a row to write, and what goes with it. */
interface Outcome {
  row: Record<string, unknown>;
  /** no warning is stored for this key: the row is an insert */
  fresh: boolean;
  transition: { key: string; from: string | null; to: string; action: string } | null;
  critical: { key: string; result: RuleResult } | null;
}

/**
 * The lifecycle step against the stored warnings an evaluation is responsible for. A result with a
 * stored warning is compared as soon as it is offered, and only an outcome with something to write
 * is kept (ADR 1079); a result without one is a new warning, decided when the warnings are written.
 */
class Lifecycle {
  // The stored warnings by rule, subject type and subject (to their position), and which of them a
  // result spoke of: a byte per row, not a second set of every result's key (ADR 1067). Maps by the
  // key's parts, not by one joined key: no string is built per stored warning or per result (ADR 1080).
  private readonly index = new Map<string, Map<string, Map<string, number>>>();
  private readonly seen: Uint8Array;
  /** the outcomes of the results compared with their stored warning, in the order offered */
  private readonly compared: Outcome[] = [];
  /** which O5 and O6 warnings are active afterwards, as "rule|subjectId" (ADR 1064) */
  readonly active = new Set<string>();

  constructor(
    private readonly existing: readonly ExistingWarning[],
    private readonly now: Date,
  ) {
    for (let i = 0; i < existing.length; i++) {
      const w = existing[i]!;
      let byType = this.index.get(w.ruleId);
      if (!byType) this.index.set(w.ruleId, (byType = new Map()));
      let bySubject = byType.get(w.subjectType);
      if (!bySubject) byType.set(w.subjectType, (bySubject = new Map()));
      bySubject.set(w.subjectId, i);
    }
    this.seen = new Uint8Array(existing.length);
  }

  /** how many stored warnings the evaluation is responsible for */
  get stored(): number {
    return this.existing.length;
  }

  /** Compares a result with its stored warning; false when none is stored (a new warning, left to `outcomes`). */
  compareStored(r: RuleResult): boolean {
    const i = this.index.get(r.ruleId)?.get(r.subjectType)?.get(r.subjectId);
    if (i === undefined) return false;
    this.seen[i] = 1;
    const outcome = this.consider(r, this.existing[i]);
    if (outcome) this.compared.push(outcome);
    return true;
  }

  /**
   * Every outcome with something to write: the compared results', the new warnings' (`fresh`, the
   * results compareStored declined, in their order), then the stored active warnings no result
   * spoke of, resolved (their subject recovered, left or ended).
   */
  *outcomes(fresh: readonly RuleResult[]): Generator<Outcome> {
    yield* this.compared;
    for (const r of fresh) {
      const outcome = this.consider(r, undefined);
      if (outcome) yield outcome;
    }
    for (let i = 0; i < this.existing.length; i++) {
      const w = this.existing[i]!;
      if (this.seen[i] || !ACTIVE.has(w.state)) continue;
      const outcome = this.consider(
        {
          ruleId: w.ruleId as RuleId,
          subjectType: w.subjectType,
          subjectId: w.subjectId,
          orgId: w.orgId,
          condition: null,
          recovered: true,
          noData: false,
          value: null,
          params: {},
          evidence: {},
        },
        w,
      );
      if (outcome) yield outcome;
    }
  }

  /** The lifecycle step of one result against its stored warning: null when nothing is to be written. */
  private consider(r: RuleResult, prevRow: ExistingWarning | undefined): Outcome | null {
    const now = this.now;
    const prev: WarningStatus | null = prevRow
      ? {
          state: prevRow.state,
          severity: prevRow.severity,
          pendingSince: new Date(prevRow.firstSeenAt),
          firingSince: dateOf(prevRow.firingSince),
          acknowledgedAt: dateOf(prevRow.acknowledgedAt),
          flipHistory: flipsOf(prevRow.flips),
          flapping: prevRow.flapping,
        }
      : null;
    if (prevRow && prevRow.state === "RESOLVED" && !r.condition && !r.noData) return null;
    const step = advance(prev, r, DEFAULT_RULES[r.ruleId].thresholds.forDays, now);
    if (!step) return null;
    const n = step.next;
    if ((r.ruleId === "O5" || r.ruleId === "O6") && ACTIVE.has(n.state)) this.active.add(`${r.ruleId}|${r.subjectId}`);
    // three decimals: a tie's strength decays every second, which is not a change worth a write
    const value = r.value === null || !Number.isFinite(r.value) ? null : Math.round(r.value * 1000) / 1000;
    const unchanged =
      prevRow &&
      !step.transition &&
      prevRow.severity === n.severity &&
      prevRow.flapping === n.flapping &&
      prevRow.acknowledgedAt === (n.acknowledgedAt?.getTime() ?? null) &&
      (prevRow.value === null ? value === null : value !== null && Math.abs(prevRow.value - value) < 1e-9) &&
      sameParams(JSON.parse(prevRow.params), r.params);
    if (unchanged) return null;
    const rule = DEFAULT_RULES[r.ruleId];
    const row = {
      // time-ordered (ADR 1073): a pass's new warnings are appended to the primary key, and the
      // foreign key checks of their later transitions and tasks walk it in the same order
      // (a stored warning keeps its id: the upsert's conflict leaves it, and the id given here unused)
      id: timeOrderedId(),
      ruleId: r.ruleId,
      subjectType: r.subjectType,
      subjectId: r.subjectId,
      orgId: r.orgId,
      state: n.state,
      severity: n.severity,
      messageKey: r.messageKey ?? rule.messageKey,
      params: r.params,
      evidence: r.evidence,
      actionKey: r.actionKey ?? rule.actionKey,
      value,
      firstSeenAt: (n.pendingSince ?? dateOf(prevRow?.firstSeenAt ?? null) ?? now).toISOString(),
      firingSince: n.firingSince?.toISOString() ?? null,
      acknowledgedAt: n.acknowledgedAt?.toISOString() ?? null,
      flapping: n.flapping,
      // an array literal: cast once, not unpacked row by row from JSON
      flipHistory: `{${n.flipHistory.join(",")}}`,
    };
    const becameCritical =
      n.state === "FIRING" &&
      n.severity === "CRITICAL" &&
      (prevRow?.state !== "FIRING" || prevRow.severity !== "CRITICAL");
    // a change of state is a transition; a new warning's first state is on its row (ADR 1077)
    const transition = step.transition?.from ? step.transition : null;
    // the key only for what transitions and tasks refer to: most written rows need none
    const key = transition || becameCritical ? keyOf(r) : "";
    return {
      row,
      fresh: !prevRow,
      transition: transition ? { key, from: transition.from, to: transition.to, action: transition.action } : null,
      critical: becameCritical ? { key, result: r } : null,
    };
  }
}

/**
 * The notable results of an evaluation on their way to `persist` (ADR 1079). When the stored
 * warnings are in hand before judging (the full pass reads them beside the members), each result
 * with a stored warning is compared at once and dropped: a steady night at province scale judges
 * ~1.1M results and writes a few dozen, and the results no longer live until judging ends. Every
 * other result (all of them without the stored warnings; the new warnings always) is kept.
 */
class Judged {
  /** the results not compared yet, in the order judged */
  readonly kept: RuleResult[] = [];
  /** how many results were judged */
  count = 0;

  constructor(readonly lifecycle: Lifecycle | null = null) {}

  /** `results` offered as if judged now: with a lifecycle, those with a stored warning are compared at once. */
  static of(results: readonly RuleResult[], lifecycle: Lifecycle | null = null): Judged {
    const judged = new Judged(lifecycle);
    for (const r of results) judged.push(r);
    return judged;
  }

  push(r: RuleResult): void {
    this.count++;
    if (!this.lifecycle?.compareStored(r)) this.kept.push(r);
  }
}

/**
 * Advances the lifecycle of every warning the results speak of and writes the changes. `stored`
 * selects the stored warnings this evaluation is responsible for (null: the results were compared
 * with them while judging): the active ones without a result now are resolved.
 */
async function persist(
  db: DbTx,
  /** records "persistWait" (the open warnings read), "persistCompare" (the lifecycle step), "persistRows" (the
   *  warnings written) and "persistTransitions" */
  lap: ((name: string) => void) | null,
  /** the full pass: from how many written rows the subtree sums are left to one rebuild at its end (ADR 1063) */
  deferAt: number | null,
  /** a pass over the region: from how many new warnings the inserts are streamed with COPY (ADR 1070) */
  copyAt: number | null,
  judged: Judged,
  stored: { where: string; params: unknown[] } | Promise<ExistingWarning[]> | null,
  now: Date,
): Promise<{
  written: number;
  transitions: number;
  tasks: number;
  copied: number;
  deferred: boolean;
  /** which O5 and O6 warnings are active afterwards, as "rule|subjectId" (ADR 1064) */
  active: Set<string>;
}> {
  // `fresh`: the new warnings' results, for which no warning is stored
  let { lifecycle, kept: fresh } = judged;
  if (!lifecycle) {
    if (!stored) throw new Error("persist: neither stored warnings nor a comparison made while judging");
    lifecycle = new Lifecycle(await ("where" in stored ? readJudged(db, stored) : stored), now);
    fresh = Judged.of(judged.kept, lifecycle).kept;
  }
  lap?.("persistWait");
  const { active } = lifecycle;
  // how many new warnings there will be (a condition or no data: the lifecycle gives exactly
  // those a row) decides whether they are streamed with COPY, the comparison inside it (ADR 1073)
  let creating = 0;
  for (const r of fresh) if (r.condition || r.noData) creating++;
  const outcomes = () => lifecycle.outcomes(fresh);
  let written = 0;
  /** rows upserted as JSON: every row, or those of stored warnings when the new ones are copied */
  const upserts: Array<Record<string, unknown>> = [];
  const transitions: Array<NonNullable<Outcome["transition"]>> = [];
  const critical: Array<NonNullable<Outcome["critical"]>> = [];
  /** the ids of the written warnings that transitions or tasks refer to */
  const idByKey = new Map<string, string>();
  const take = (outcome: Outcome) => {
    written++;
    if (outcome.transition) transitions.push(outcome.transition);
    if (outcome.critical) critical.push(outcome.critical);
  };
  // Writing most of the warnings (the first pass, or after a rule change): the triggers' grouped
  // upserts per slice cost ~10× one rebuild of the subtree sums from the finished tables; they
  // stand aside for this transaction and the pass rebuilds at its end (ADR 1063).
  const defer = async (count: number) => {
    const deferred = deferAt !== null && count >= Math.max(deferAt, lifecycle.stored / 4);
    if (deferred) await db.$executeRawUnsafe("SET LOCAL dangjian.subtree_deferred = on");
    return deferred;
  };
  let deferred = false;
  let copying = false;
  if (copyAt !== null && creating > 0 && creating >= copyAt) {
    // Many new warnings (a first pass: about a million at province scale) are streamed with COPY,
    // their ids the ones given here (ADR 1070). The comparison runs inside the COPY, row by row as
    // PostgreSQL takes them, so Node's lifecycle steps overlap PostgreSQL's inserts instead of
    // preceding them (ADR 1073). A key stored meanwhile would fail the COPY and the pass, which
    // cannot happen under the evaluation lock. Stored warnings are upserted as JSON afterwards.
    lap?.("persistCompare");
    // (from the new warnings alone: the stored ones' changes are known only after the COPY)
    deferred = await defer(creating);
    const at = now.toISOString();
    copying = await copyRows(
      db,
      "Warning",
      WARNING_COLUMNS,
      (function* () {
        for (const outcome of outcomes()) {
          take(outcome);
          if (!outcome.fresh) {
            upserts.push(outcome.row);
            continue;
          }
          const key = outcome.transition?.key ?? outcome.critical?.key;
          if (key !== undefined) idByKey.set(key, outcome.row.id as string);
          // (a new warning is created and evaluated now: ADR 1077)
          yield WARNING_COLUMNS.map((c) => (c === "lastEvaluatedAt" || c === "createdAt" ? at : outcome.row[c]));
        }
      })(),
    );
  }
  if (!copying) {
    for (const outcome of outcomes()) {
      take(outcome);
      upserts.push(outcome.row);
    }
    lap?.("persistCompare");
    if (written === 0) return { written: 0, transitions: 0, tasks: 0, copied: 0, deferred, active };
    deferred ||= await defer(written);
  }
  await inSlices(upserts, async (slice) => {
    const rows = await db.$queryRawUnsafe<
      Array<{ id: string; ruleId: string; subjectType: string; subjectId: string }>
    >(
      `INSERT INTO "Warning" AS w (id, "ruleId", "subjectType", "subjectId", "orgId", state, severity, "messageKey", params, evidence, "actionKey", value,
        "firstSeenAt", "firingSince", "lastEvaluatedAt", "acknowledgedAt", flapping, "flipHistory", "createdAt")
     SELECT x.id, x."ruleId", x."subjectType"::"SubjectType", x."subjectId", x."orgId", x.state::"WarningState", x.severity::"Severity", x."messageKey",
        x.params, x.evidence, x."actionKey", x.value, x."firstSeenAt", x."firingSince", $2::timestamp, x."acknowledgedAt", x.flapping,
        x."flipHistory"::int[], $2::timestamp -- createdAt: kept by the update below
     FROM jsonb_to_recordset($1::jsonb) AS x(id uuid, "ruleId" text, "subjectType" text, "subjectId" uuid, "orgId" uuid, state text, severity text,
        "messageKey" text, params jsonb, evidence jsonb, "actionKey" text, value float8, "firstSeenAt" timestamp, "firingSince" timestamp,
        "acknowledgedAt" timestamp, flapping boolean, "flipHistory" text)
     ON CONFLICT ("ruleId", "subjectType", "subjectId") DO UPDATE SET
        "orgId" = EXCLUDED."orgId", state = EXCLUDED.state, severity = EXCLUDED.severity, "messageKey" = EXCLUDED."messageKey", params = EXCLUDED.params,
        evidence = EXCLUDED.evidence, "actionKey" = EXCLUDED."actionKey", value = EXCLUDED.value, "firstSeenAt" = EXCLUDED."firstSeenAt",
        "firingSince" = EXCLUDED."firingSince", "lastEvaluatedAt" = EXCLUDED."lastEvaluatedAt", "acknowledgedAt" = EXCLUDED."acknowledgedAt",
        "acknowledgedById" = CASE WHEN EXCLUDED."acknowledgedAt" IS NULL THEN NULL ELSE w."acknowledgedById" END,
        flapping = EXCLUDED.flapping, "flipHistory" = EXCLUDED."flipHistory"
     RETURNING id, "ruleId", "subjectType", "subjectId"`,
      JSON.stringify(slice),
      now,
    );
    // the id stored under the key (an upsert keeps the stored row's)
    for (const r of rows) idByKey.set(keyOf(r), r.id);
  });
  lap?.("persistRows");
  // (from copyAt transitions of their own: a new warning has none, so a first pass writes none, ADR 1077)
  const transitionsCopied = await copied(
    db,
    copyAt,
    transitions.length,
    "WarningTransition",
    ["warningId", "fromState", "toState", "action", "at"],
    function* () {
      for (const tr of transitions) yield [idByKey.get(tr.key), tr.from, tr.to, tr.action, now];
    },
  );
  if (!transitionsCopied)
    await inSlices(transitions, (slice) =>
      db.$executeRawUnsafe(
        `INSERT INTO "WarningTransition" ("warningId", "fromState", "toState", action, at)
       SELECT x."warningId", x."fromState"::"WarningState", x."toState"::"WarningState", x.action, $2::timestamp
       FROM jsonb_to_recordset($1::jsonb) AS x("warningId" uuid, "fromState" text, "toState" text, action text)`,
        JSON.stringify(
          slice.map((tr) => ({
            warningId: idByKey.get(tr.key),
            fromState: tr.from,
            toState: tr.to,
            action: tr.action,
          })),
        ),
        now,
      ),
    );
  lap?.("persistTransitions");
  const tasks = await createCriticalTasks(
    db,
    critical.map((c) => ({ warningId: idByKey.get(c.key)!, result: c.result })),
    now,
    copying,
  );
  return {
    written,
    transitions: transitions.length,
    tasks,
    copied: copying ? written - upserts.length : 0,
    deferred,
    active,
  };
}

/** What a result says, as its task shows it. */
function taskMessage(r: RuleResult, now: Date): string {
  return t(r.messageKey ?? DEFAULT_RULES[r.ruleId].messageKey, shownFigures(r.ruleId, r.params, r.value, now).params);
}

/** A critical warning becomes a task for the responsible secretary: sent by the parent committee to the organisation. */
async function createCriticalTasks(
  db: DbTx,
  items: Array<{ warningId: string; result: RuleResult }>,
  now: Date,
  /** the pass streams its bulk inserts with COPY (ADR 1070) */
  copy: boolean,
): Promise<number> {
  if (items.length === 0) return 0;
  const orgIds = [...new Set(items.map((i) => i.result.orgId))];
  // one statement for the first pass's ~250k organisations (an `in` list is bound in chunks)
  const orgs = await db.$queryRawUnsafe<Array<{ id: string; name: string; parentId: string | null }>>(
    `SELECT id, name, "parentId" FROM "Org" WHERE id = ANY($1::uuid[])`,
    orgIds,
  );
  const byId = new Map(orgs.map((o) => [o.id, o]));
  const deadline = new Date(now.getTime() + 14 * 86_400_000).toISOString();
  // A branch's members raised to critical on one rule in the same pass are one task for its
  // secretary, counted, with each distinct message and how many members it concerns: one task per
  // member said the same words over and over (province first pass: 181k arrears tasks for 25k
  // branches; ADR 1078). It refers to the first of their warnings. Other subjects: a task each.
  const groups = new Map<string, typeof items>();
  for (const item of items) {
    const r = item.result;
    const key = r.subjectType === "MEMBER" ? `${r.orgId}|${r.ruleId}` : item.warningId;
    const group = groups.get(key);
    if (group) group.push(item);
    else groups.set(key, [item]);
  }
  /** each group's task (none when its organisation is gone), built only as it is taken */
  function* tasks() {
    for (const group of groups.values()) {
      const { warningId, result } = group[0]!;
      const org = byId.get(result.orgId);
      if (!org) continue;
      const rule = DEFAULT_RULES[result.ruleId];
      let said: string;
      if (group.length === 1) said = taskMessage(result, now);
      else {
        const counts = new Map<string, number>();
        for (const { result: r } of group) {
          const m = taskMessage(r, now);
          counts.set(m, (counts.get(m) ?? 0) + 1);
        }
        said = [...counts].map(([m, count]) => t("warnings.task.memberLine", { message: m, count })).join("\n");
      }
      yield {
        id: timeOrderedId(),
        senderOrgId: org.parentId ?? org.id,
        orgId: org.id,
        title:
          group.length === 1
            ? t("warnings.task.title", { org: org.name, rule: t(rule.titleKey) })
            : t("warnings.task.titleMembers", { org: org.name, rule: t(rule.titleKey), count: group.length }),
        body: `${said}\n${t(result.actionKey ?? rule.actionKey)}`,
        deadline,
        warningId,
      };
    }
  }
  if (copy) {
    // the texts are formatted inside the COPY, while PostgreSQL inserts the ones before (ADR 1073)
    const TASK_COLUMNS = ["id", "senderOrgId", "kind", "title", "body", "deadline", "warningId", "createdAt"];
    const targets: Array<readonly [string, string]> = [];
    const copiedTasks = await copyRows(
      db,
      "Task",
      TASK_COLUMNS,
      (function* () {
        for (const r of tasks()) {
          targets.push([r.id, r.orgId]);
          yield [r.id, r.senderOrgId, "TASK", r.title, r.body, r.deadline, r.warningId, now];
        }
      })(),
    );
    if (copiedTasks) {
      // the same connection that just took the tasks: it cannot be missing now
      if (!(await copyRows(db, "TaskTarget", ["taskId", "orgId"], targets)))
        throw new Error("the connection that copied the tasks cannot copy their targets");
      return targets.length;
    }
  }
  const rows = [...tasks()];
  await inSlices(rows, (slice) =>
    db.$executeRawUnsafe(
      `WITH x AS (SELECT * FROM jsonb_to_recordset($1::jsonb) AS x(id uuid, "senderOrgId" uuid, "orgId" uuid, title text, body text, deadline timestamp, "warningId" uuid)),
     t AS (INSERT INTO "Task" (id, "senderOrgId", kind, title, body, deadline, "warningId", "createdAt")
           SELECT id, "senderOrgId", 'TASK', title, body, deadline, "warningId", $2::timestamp FROM x RETURNING id)
     INSERT INTO "TaskTarget" ("taskId", "orgId") SELECT x.id, x."orgId" FROM x JOIN t ON t.id = x.id`,
      JSON.stringify(slice),
      now,
    ),
  );
  return rows.length;
}

/**
 * Upserts the organisations' O7 scores. A row whose score and reasons are unchanged is left alone
 * (ADR 1061): no dead tuple, and the subtree sums' trigger sees only the real changes; its
 * `evaluatedAt` is then the time of the last change. Returns how many rows were inserted or changed.
 */
async function writeHealth(
  db: DbTx,
  health: Map<string, { score: number | null; reasons: unknown }>,
  now: Date,
): Promise<number> {
  let written = 0;
  await inSlices([...health], async (slice) => {
    written += await db.$executeRawUnsafe(
      `INSERT INTO "OrgHealth" AS h ("orgId", score, previous, reasons, "evaluatedAt")
     SELECT x."orgId", x.score, NULL, x.reasons, $2::timestamp FROM jsonb_to_recordset($1::jsonb) AS x("orgId" uuid, score int, reasons jsonb)
     ON CONFLICT ("orgId") DO UPDATE SET
       previous = CASE WHEN h.score IS DISTINCT FROM EXCLUDED.score THEN h.score ELSE h.previous END,
       score = EXCLUDED.score, reasons = EXCLUDED.reasons, "evaluatedAt" = EXCLUDED."evaluatedAt"
     WHERE h.score IS DISTINCT FROM EXCLUDED.score OR h.reasons IS DISTINCT FROM EXCLUDED.reasons`,
      JSON.stringify(slice.map(([orgId, h]) => ({ orgId, score: h.score, reasons: h.reasons }))),
      now,
    );
  });
  return written;
}
