// Use cases, by domain. The only package that touches the database.
// the server translates every domain, lazily loaded catalogues included (ADR 0903)
import "@dangjian/core/messages/regional";
import "@dangjian/core/messages/school";
import { piiKeys, piiKeysFromEnv } from "@dangjian/db/pii";
import { createDb } from "@dangjian/db";
import { getLogger } from "@dangjian/observability";
import { createStorage, type StorageConfig } from "@dangjian/storage";
import type { Actor } from "./actor.ts";
import type { ServiceDeps } from "./deps.ts";
import * as auth from "./auth/auth.ts";
import { subtree } from "./orgs/subtree.ts";
import { orgNames, renameOrg, type RenameOrgInput } from "./orgs/rename.ts";
import { branchOverview } from "./branch/overview.ts";
import { bindSchool } from "./school/bind.ts";
import { myCard } from "./card/mine.ts";
import {
  applyCardStatus,
  bindDevice,
  cardStatusOf,
  changeCardStatus,
  renewDueCards,
  reportLostDevice,
  syncCard,
  type ChangeCardStatusInput,
} from "./card/issue.ts";
import { findRegion, listKeys, parseCardKek, rotateRegionKey, withdrawKey, type KeyOperator } from "./card/keys.ts";
import type { IssuerAlg } from "@dangjian/core/card";
import { statusList, trustList } from "./card/lists.ts";
import { verifyCardText } from "./card/verify.ts";
import {
  drainOutbox,
  drainOutboxBatch,
  outboxLag,
  oldestPendingOutboxEvent,
  pendingOutboxEvents,
  settleOutbox,
  OUTBOX_CHANNEL,
} from "./outbox/outbox.ts";
import { listenForOutbox } from "./outbox/listen.ts";
import { bindOrglife } from "./orglife/bind.ts";
import { bindDues } from "./dues/bind.ts";
import { bindTasks } from "./tasks/bind.ts";
import { bindMembers } from "./members/bind.ts";
import { bindPartnerships } from "./partnerships/bind.ts";
import { bindRegional } from "./regional/bind.ts";
import { bindReports } from "./reports/bind.ts";
import { bindWarnings } from "./warnings/bind.ts";
import { bindSearch } from "./search/bind.ts";
import { readiness } from "./health.ts";
import { createReadReplica } from "@dangjian/db/replica";
import { afterWrite, lagTolerant, recordReplicaMetrics, replicaState } from "./reads.ts";
import { runOncePerSlot } from "./scheduled.ts";
import { MeiliEngine, warmUpNormalizer, type MeiliConfig } from "@dangjian/search";

export { actorWithoutSession, type Actor, type ActorGrant } from "./actor.ts";
export type { ServiceDeps } from "./deps.ts";
export type { Me, LoginInput, SessionResolution } from "./auth/auth.ts";
export type { SubtreeNode } from "./orgs/subtree.ts";
export type { BranchOverview } from "./branch/overview.ts";
export type { CatalogueCourse } from "./school/catalogue.ts";
// named here so that the API's emitted declarations can refer to them (ADR 1105)
export type { OrgNames } from "./orgs/rename.ts";
export type { CadenceCalendar, EffectiveRule, ThemeAction } from "./orglife/rules.ts";
export type { LedgerRow, PaymentResult } from "./dues/dues.ts";
export type { ImportResult } from "./members/import.ts";
export * as schoolInputs from "./school/inputs.ts";
export { orgNamesInput, renameOrgInput } from "./orgs/rename.ts";
export { subtreeInput } from "./orgs/subtree.ts";
export { branchOverviewInput } from "./branch/overview.ts";
export { yearReportInput } from "./reports/year.ts";
export { createLinkInput, decideLinkInput, partnersOfInput, searchOrgsInput } from "./partnerships/links.ts";
export { changePasswordInput, loginInput } from "./auth/auth.ts";
export { bindDeviceInput, cardStatusOfInput, changeCardStatusInput } from "./card/issue.ts";
export { arrearsInput, declareInput, monthLedgerInput, receiptInput, recordPaymentInput } from "./dues/dues.ts";
export {
  addMemberInput,
  decideTransferInput,
  listMembersInput,
  requestTransferInput,
  revealMemberInput,
  setLostContactInput,
  transferTargetsInput,
  updateMemberInput,
} from "./members/members.ts";
export { importMembersInput } from "./members/import.ts";
export {
  inboxInput,
  markDoneInput,
  prepareAttachmentInput,
  prepareReplyFileInput,
  senderInput,
  sendTaskInput,
  taskDetailInput,
  taskTargetInput,
} from "./tasks/tasks.ts";
export { optionalOrgInput, orgInput } from "./inputs.ts";
export { checkInInput, markAttendanceInput } from "./orglife/attendance.ts";
export { cancelMeetingInput, confirmParticipationInput, meetingInput, planMeetingInput } from "./orglife/meetings.ts";
export {
  confirmUploadInput as confirmMeetingUploadInput,
  recordMeetingInput,
  startUploadInput as startMeetingUploadInput,
} from "./orglife/records.ts";
export { setCadenceRuleInput, setThemeActionsInput } from "./orglife/rules.ts";
export { browseInput, needInput, postNeedInput, postResourceInput, resourceInput } from "./regional/lists.ts";
export {
  claimNeedInput,
  closeProjectInput,
  decideOrderInput,
  evaluateProjectInput,
  orderResourceInput,
  planActivityInput,
  projectInput,
} from "./regional/projects.ts";
export { recordServiceInput, reportToCommunityInput } from "./regional/dual.ts";
export { mobileNoteInput, mobileReturnInput, registerOutgoingInput, registrationInput } from "./regional/mobile.ts";
export { acknowledgeInput, listWarningsInput, silenceInput, tuneInput, warningInput } from "./warnings/warnings.ts";
export { dashboardInput, whatIfInput } from "./warnings/dashboard.ts";
export type { MyCard } from "./card/mine.ts";
export type { CardSync, CardAction } from "./card/issue.ts";
export { TRUST_LIST_PATH, statusListPath } from "./card/lists.ts";
export type { FactKey } from "./facts/recompute.ts";
export type { DrainResult } from "./outbox/outbox.ts";
export { searchInput, type SearchInput } from "./search/search.ts";
export type { OnceResult } from "./scheduled.ts";
export type { Readiness, ReadinessCheck, ReadinessName, ReadinessReason } from "./health.ts";
export { outageOf, sharedReadiness, unavailableError } from "./health.ts";
/** for benchmarks: the in-transaction indexing step alone */
export { indexInTx } from "./search/documents.ts";
export { hashPassword, verifyPassword } from "./auth/passwords.ts";
export { OUTBOX_CHANNEL };
export { parseLsn, type ReplicaState, type ReplicaStatus } from "@dangjian/db/replica";

export interface ServicesConfig {
  databaseUrl: string;
  /** connection pool size */
  poolSize?: number;
  /** bound on one query's answer (the gateway: a frozen database fails requests, ADR 1040); unset = none */
  queryTimeoutMs?: number;
  now?: () => Date;
  /** the object store; use cases that need files fail clearly without it */
  storage?: StorageConfig | undefined;
  /** DANGJIAN_CARD_KEK (base64, 32 bytes): validated here, once */
  cardKek?: string | undefined;
  /** Meilisearch (MEILI_HOST, MEILI_MASTER_KEY): queries go there, documents reach it through the search outbox */
  meili?: MeiliConfig | undefined;
  /** DANGJIAN_PII_KEY (base64, 32 bytes; default: the environment's): validated here, once */
  piiKey?: string | undefined;
  /**
   * A streaming replica of the primary (DATABASE_REPLICA_URL) for reads that may lag a little:
   * dashboards, reports, search and lists (ADR 1002). Unset = every read on the primary.
   */
  replica?:
    | {
        url: string;
        /** lag-tolerant reads go to the primary while the replica is staler than this (default 5000 ms) */
        maxLagMs?: number | undefined;
        /** how often the replica's position is checked (default 250 ms) */
        pollMs?: number | undefined;
        poolSize?: number | undefined;
      }
    | undefined;
}

/** Binds every use case to one database pool. */
export function createServices(config: ServicesConfig) {
  warmUpNormalizer();
  const db = createDb(config.databaseUrl, {
    max: config.poolSize ?? 10,
    ...(config.queryTimeoutMs ? { queryTimeoutMs: config.queryTimeoutMs } : {}),
  });
  const replica = config.replica
    ? createReadReplica({
        primary: db,
        url: config.replica.url,
        maxLagMs: config.replica.maxLagMs,
        pollMs: config.replica.pollMs,
        poolSize: config.replica.poolSize ?? config.poolSize ?? 10,
        ...(config.queryTimeoutMs ? { queryTimeoutMs: config.queryTimeoutMs } : {}),
        onStatus: (state, previous) =>
          getLogger("db").warn(
            { replica: state.status, previous, stalenessMs: state.stalenessMs, lagBytes: state.lagBytes },
            state.status === "streaming"
              ? "read replica serves lag-tolerant reads"
              : `read replica not used (${state.status}): lag-tolerant reads go to the primary`,
          ),
        onCheck: (state) => recordReplicaMetrics(state, state.status === "streaming"),
      })
    : undefined;
  const deps: ServiceDeps = {
    db,
    replica,
    now: config.now ?? (() => new Date()),
    storage: config.storage ? createStorage(config.storage) : undefined,
    cardKek: parseCardKek(config.cardKek),
    searchEngine: config.meili ? new MeiliEngine(config.meili) : undefined,
    pii: config.piiKey ? piiKeys(config.piiKey) : piiKeysFromEnv(),
  };
  const school = bindSchool(deps);
  return {
    deps,
    auth: {
      login: (input: auth.LoginInput) => auth.login(deps, input),
      resolveSession: (token: string | null) => auth.resolveSession(deps, token),
      logout: (actor: Actor) => auth.logout(deps, actor),
      logoutEverywhere: (actor: Actor, ip: string | null) => auth.logoutEverywhere(deps, actor, ip),
      changePassword: (actor: Actor, input: auth.ChangePasswordInput) => auth.changePassword(deps, actor, input),
      purgeExpired: () => auth.purgeExpired(deps),
      describe: auth.describeActor,
    },
    orgs: {
      subtree: (actor: Actor, input: { rootId?: string | undefined }) =>
        lagTolerant(deps, actor, (reads) => subtree(reads, actor, input)),
      rename: (actor: Actor, input: RenameOrgInput) => renameOrg(deps, actor, input),
      names: (actor: Actor, input: { orgId: string }) => orgNames(deps, actor, input),
    },
    branch: {
      overview: (actor: Actor, input: { orgId?: string | undefined }) =>
        lagTolerant(deps, actor, (reads) => branchOverview(reads, actor, input)),
    },
    school,
    card: {
      mine: (actor: Actor) => myCard(deps, actor),
      bindDevice: (actor: Actor, input: Parameters<typeof bindDevice>[2]) => bindDevice(deps, actor, input),
      sync: (actor: Actor) => syncCard(deps, actor),
      reportLostDevice: (actor: Actor) => reportLostDevice(deps, actor),
      changeStatus: (actor: Actor, input: ChangeCardStatusInput) => changeCardStatus(deps, actor, input),
      statusOf: (actor: Actor, input: Parameters<typeof cardStatusOf>[2]) => cardStatusOf(deps, actor, input),
      applyStatus: (input: ChangeCardStatusInput) => applyCardStatus(deps, input),
      renewDue: (limit?: number) => renewDueCards(deps, limit),
      rotateKey: (regionId: string, operator?: KeyOperator, algorithm?: IssuerAlg) =>
        rotateRegionKey(deps, regionId, operator, algorithm),
      withdrawKey: (kid: string, operator?: KeyOperator) => withdrawKey(deps, kid, operator),
      listKeys: () => listKeys(deps),
      findRegion: (idOrName: string) => findRegion(deps, idOrName),
      trustList: () => trustList(deps),
      statusList: (regionId: string, origin: string) => statusList(deps, regionId, origin),
      verify: (text: string, atMs?: number) => verifyCardText(deps, text, atMs ?? deps.now().getTime()),
    },
    orglife: bindOrglife(deps),
    dues: bindDues(deps),
    tasks: bindTasks(deps),
    members: bindMembers(deps),
    partnerships: bindPartnerships(deps),
    reports: bindReports(deps),
    warnings: bindWarnings(deps),
    search: bindSearch(deps),
    regional: bindRegional(deps),
    outbox: {
      drain: (batch?: number) => drainOutbox(deps, batch),
      drainBatch: (batch?: number) => drainOutboxBatch(deps, batch),
      settle: (timeoutMs?: number) => settleOutbox(deps, timeoutMs),
      pending: () => pendingOutboxEvents(deps),
      lag: () => outboxLag(deps),
      oldestPending: () => oldestPendingOutboxEvent(deps),
      listen: (onEvent: () => void, onError: (error: Error) => void) =>
        listenForOutbox(config.databaseUrl, onEvent, onError),
    },
    /** Scheduled work that runs once per slot whatever the number of workers (ADR 1003). */
    scheduled: {
      /** runs `run` unless a run of `job` for the slot of now (`slotOf`) has finished, anywhere */
      runOnce: <T>(job: string, slotOf: (now: Date) => Date, run: () => Promise<T>) =>
        runOncePerSlot(deps, job, slotOf, run),
    },
    /** Read-your-own-write with a read replica (ADR 1002). */
    reads: {
      /** after a write: the WAL position the writer's later reads must see (null: no replica) */
      afterWrite: (actor: Actor | null) => afterWrite(deps, actor),
      /** the replica's state; null when none is configured */
      replica: () => replicaState(deps),
    },
    /** Are the database, the object store and the search engine reachable? (ADR 1040) */
    readiness: (options?: { timeoutMs?: number }) => readiness(deps, options),
    async close() {
      await school.heartbeats
        .stop()
        .catch((error: unknown) => getLogger("school").error({ err: error }, "final heartbeat flush failed"));
      await deps.replica?.close();
      await deps.db.$disconnect();
    },
  };
}

/**
 * An interface, not an alias of the return type, so that the declarations other packages emit for
 * the fast lane's type check name it instead of spelling it out (ADR 1105): hence no members here.
 */
// eslint-disable-next-line @typescript-eslint/no-empty-object-type
export interface Services extends ReturnType<typeof createServices> {}
export type { EvaluationStats } from "./warnings/evaluate.ts";
export type { WarningListItem, WarningDetail } from "./warnings/warnings.ts";
export type { Dashboard, KpiMonth, NetworkView, DigestGroup } from "./warnings/dashboard.ts";
