// Acting on warnings: the list of a subtree with filters, one warning's evidence and history,
// acknowledge, silence, and threshold tuning.
import { z } from "zod";
import {
  AppError,
  AREA_RULES,
  roleHasPermission,
  shownEvidence,
  shownFigures,
  DEFAULT_RULES,
  RULE_IDS,
  t,
  validateThresholds,
  type MessageKey,
  type RuleId,
  type Thresholds,
} from "@dangjian/core";
import type { Severity, SubjectType, WarningState } from "@dangjian/db";
import { LEVELS, WARNING_STATES } from "@dangjian/core/warnings";
import { authorize, type Actor } from "../actor.ts";
import type { ServiceDeps } from "../deps.ts";

export interface WarningListItem {
  id: string;
  ruleId: RuleId;
  ruleTitle: string;
  subjectType: SubjectType;
  subjectId: string;
  subjectName: string;
  orgId: string;
  orgName: string;
  areaName: string | null;
  state: WarningState;
  severity: Severity;
  message: string;
  action: string;
  value: number | null;
  firingSince: Date | null;
  acknowledgedBy: string | null;
  ackNote: string | null;
  silencedUntil: Date | null;
  silenceReason: string | null;
  flapping: boolean;
  /** a township-wide warning: how many branch warnings of its rule are grouped under it */
  grouped: number | null;
  /** a branch warning grouped under this township-wide warning (listed only when asked for) */
  groupedUnder: string | null;
}

export const listWarningsInput = z.object({
  orgId: z.uuid().optional(),
  ruleId: z.enum(RULE_IDS).optional(),
  severity: z.enum(LEVELS).optional(),
  state: z.enum(WARNING_STATES).optional(),
  /** include resolved warnings (default: only active ones) */
  includeResolved: z.boolean().optional(),
  /** also list branch warnings grouped under a township-wide one (inhibited by default) */
  showGrouped: z.boolean().optional(),
  limit: z.number().int().min(1).max(2000).optional(),
});
export type ListInput = z.input<typeof listWarningsInput>;

/** The committee the actor watches: their highest committee grant. */
export function defaultRoot(actor: Actor): string {
  const grant = actor.grants
    .filter((g) => roleHasPermission(g.role, "warning.view"))
    .sort((a, b) => a.orgAncestorIds.length - b.orgAncestorIds.length)[0];
  if (!grant) throw new AppError("FORBIDDEN", "warnings.error.notCommittee");
  return grant.orgId;
}

interface Row {
  id: string;
  ruleId: RuleId;
  subjectType: SubjectType;
  subjectId: string;
  orgId: string;
  orgName: string;
  area: string | null;
  state: WarningState;
  severity: Severity;
  messageKey: string;
  params: Record<string, string | number>;
  actionKey: string | null;
  value: number | null;
  firingSince: Date | null;
  ackName: string | null;
  ackNote: string | null;
  silencedUntil: Date | null;
  silenceReason: string | null;
  flapping: boolean;
  subjectName: string | null;
  groupedUnder: string | null;
}

const SELECT = `
  SELECT w.id, w."ruleId", w."subjectType", w."subjectId", w."orgId", o.name AS "orgName",
    (SELECT a.name FROM "Org" a WHERE a.id = ANY(o."ancestorIds") AND a.level IN ('TOWNSHIP') LIMIT 1) AS area,
    w.state, w.severity, w."messageKey", w.params, w."actionKey", w.value, w."firingSince",
    acc."displayName" AS "ackName", w."ackNote", w."silencedUntil", w."silenceReason", w.flapping,
    grp.id AS "groupedUnder",
    CASE w."subjectType" WHEN 'ORG' THEN o.name WHEN 'AREA' THEN o.name
      WHEN 'MEMBER' THEN (SELECT m.name FROM "Member" m WHERE m.id = w."subjectId")
      ELSE (SELECT oa.name || ' — ' || ob.name FROM "OrgLink" l JOIN "Org" oa ON oa.id = l."orgAId" JOIN "Org" ob ON ob.id = l."orgBId" WHERE l.id = w."subjectId") END AS "subjectName"
  FROM "Warning" w JOIN "Org" o ON o.id = w."orgId"
  LEFT JOIN "Account" acc ON acc.id = w."acknowledgedById"
  LEFT JOIN LATERAL (
    SELECT s.id FROM "Warning" s
    WHERE w."subjectType" = 'ORG' AND s."subjectType" = 'AREA' AND s."ruleId" = w."ruleId" AND s.state = 'FIRING' AND s."subjectId" = ANY(o."ancestorIds")
    LIMIT 1) grp ON true`;

/** Warnings seen from `root`: the subtree's, plus partnerships with one end in it. */
const IN_SUBTREE = `(o.id = $1::uuid OR o."ancestorIds" @> ARRAY[$1::uuid]
  OR (w."subjectType" = 'LINK' AND EXISTS (SELECT 1 FROM "OrgLink" l JOIN "Org" ob ON ob.id = l."orgBId" WHERE l.id = w."subjectId" AND (ob.id = $1::uuid OR ob."ancestorIds" @> ARRAY[$1::uuid]))))`;

/** `now`: the instant the figures that move with the clock are shown for (ADR 1065). */
function toItem(r: Row, now: Date): WarningListItem {
  const rule = DEFAULT_RULES[r.ruleId];
  const shown = shownFigures(r.ruleId, r.params, r.value, now);
  return {
    id: r.id,
    ruleId: r.ruleId,
    ruleTitle: t(rule.titleKey),
    subjectType: r.subjectType,
    subjectId: r.subjectId,
    subjectName: r.subjectName ?? "",
    orgId: r.orgId,
    orgName: r.orgName,
    areaName: r.area,
    state: r.state,
    severity: r.severity,
    message:
      r.state === "NO_DATA" && r.ruleId !== "O8"
        ? t("warnings.msg.noData")
        : t(r.messageKey as MessageKey, shown.params),
    action: r.actionKey ? t(r.actionKey as MessageKey) : "",
    value: shown.value,
    firingSince: r.firingSince,
    acknowledgedBy: r.ackName,
    ackNote: r.ackNote,
    silencedUntil: r.silencedUntil,
    silenceReason: r.silenceReason,
    flapping: r.flapping,
    grouped:
      r.subjectType === "AREA" && (AREA_RULES as readonly string[]).includes(r.ruleId)
        ? Number(r.params.count ?? 0)
        : null,
    groupedUnder: r.groupedUnder,
  };
}

export async function listWarnings(
  deps: ServiceDeps,
  actor: Actor,
  input: ListInput,
): Promise<{ rootId: string; items: WarningListItem[] }> {
  const rootId = input.orgId ?? defaultRoot(actor);
  await authorize(deps, actor, "warning.view", rootId);
  const where = [IN_SUBTREE];
  const params: unknown[] = [rootId];
  if (input.ruleId) where.push(`w."ruleId" = $${params.push(input.ruleId)}`);
  if (input.severity) where.push(`w.severity = $${params.push(input.severity)}::"Severity"`);
  if (input.state) where.push(`w.state = $${params.push(input.state)}::"WarningState"`);
  // by default the active ones; "no data" is for the organisation's owner and shown when asked for
  else if (!input.includeResolved) where.push(`w.state NOT IN ('RESOLVED', 'NO_DATA')`);
  // inhibition: a branch warning grouped under its township's warning of the same rule is not listed one by one
  if (!input.showGrouped) where.push(`grp.id IS NULL`);
  const rows = await deps.db.$queryRawUnsafe<Row[]>(
    `${SELECT} WHERE ${where.join(" AND ")}
     ORDER BY CASE w.severity WHEN 'CRITICAL' THEN 0 WHEN 'WARNING' THEN 1 ELSE 2 END, w."ruleId", o.path, w.id LIMIT $${params.push(input.limit ?? 500)}`,
    ...params,
  );
  const now = deps.now();
  return { rootId, items: rows.map((r) => toItem(r, now)) };
}

async function loadVisible(deps: ServiceDeps, actor: Actor, id: string, permission: "warning.view" | "warning.manage") {
  const rows = await deps.db.$queryRawUnsafe<Row[]>(`${SELECT} WHERE w.id = $1::uuid`, id);
  const row = rows[0];
  if (!row) throw new AppError("NOT_FOUND", "warnings.error.notFound");
  if (row.subjectType === "LINK") {
    const link = await deps.db.orgLink.findUnique({
      where: { id: row.subjectId },
      select: { orgAId: true, orgBId: true },
    });
    const ends = link ? [link.orgAId, link.orgBId] : [row.orgId];
    let lastError: unknown = null;
    for (const end of ends) {
      try {
        await authorize(deps, actor, permission, end);
        return row;
      } catch (error) {
        lastError = error;
      }
    }
    throw lastError;
  }
  await authorize(deps, actor, permission, row.orgId);
  return row;
}

export interface WarningDetail extends WarningListItem {
  evidence: Record<string, unknown>;
  /** a township-wide warning: the branches whose warnings it groups */
  groupedBranches: Array<{ id: string; name: string }>;
  transitions: Array<{
    at: Date;
    fromState: WarningState | null;
    toState: WarningState;
    action: string;
    by: string | null;
    reason: string | null;
  }>;
}

/** One warning, named. */
export const warningInput = z.object({ id: z.uuid() });

export async function getWarning(
  deps: ServiceDeps,
  actor: Actor,
  input: z.input<typeof warningInput>,
): Promise<WarningDetail> {
  const row = await loadVisible(deps, actor, input.id, "warning.view");
  const [w, transitions] = await Promise.all([
    deps.db.warning.findUniqueOrThrow({ where: { id: input.id }, select: { evidence: true, createdAt: true } }),
    deps.db.$queryRawUnsafe<
      Array<{
        at: Date;
        fromState: WarningState | null;
        toState: WarningState;
        action: string | null;
        by: string | null;
        reason: string | null;
      }>
    >(
      `SELECT wt.at, wt."fromState", wt."toState", wt.action, a."displayName" AS by, wt.reason FROM "WarningTransition" wt
       LEFT JOIN "Account" a ON a.id = wt."byAccountId" WHERE wt."warningId" = $1::uuid ORDER BY wt.at DESC, wt.id DESC`,
      input.id,
    ),
  ]);
  // what moves with the clock is shown for now (ADR 1065)
  const evidence = shownEvidence(row.ruleId, row.params, w.evidence as Record<string, unknown>, deps.now());
  const branchIds =
    row.subjectType === "AREA" && Array.isArray(evidence.branches) ? (evidence.branches as string[]) : [];
  const groupedBranches = branchIds.length
    ? await deps.db.org.findMany({
        where: { id: { in: branchIds } },
        select: { id: true, name: true },
        orderBy: { name: "asc" },
      })
    : [];
  return {
    ...toItem(row, deps.now()),
    evidence,
    groupedBranches,
    transitions: [
      ...transitions.map((x) => ({ ...x, action: x.action ?? "evaluate" })),
      // its creation, last (newest first): the state it was raised in is the one the oldest change
      // left, or the state it is in (ADR 1077: every change of state is a transition)
      {
        at: w.createdAt,
        fromState: null,
        toState: transitions.at(-1)?.fromState ?? row.state,
        action: "evaluate",
        by: null,
        reason: null,
      },
    ],
  };
}

export const acknowledgeInput = z.object({ id: z.uuid(), note: z.string().trim().min(1).max(500) });

export async function acknowledge(
  deps: ServiceDeps,
  actor: Actor,
  input: z.input<typeof acknowledgeInput>,
): Promise<void> {
  const row = await loadVisible(deps, actor, input.id, "warning.manage");
  if (row.state === "RESOLVED") throw new AppError("CONFLICT", "warnings.error.notFound");
  const now = deps.now();
  await deps.db.$transaction([
    deps.db.warning.update({
      where: { id: input.id },
      data: { acknowledgedById: actor.accountId, acknowledgedAt: now, ackNote: input.note },
    }),
    deps.db.warningTransition.create({
      data: {
        warningId: input.id,
        fromState: row.state,
        toState: row.state,
        action: "ack",
        byAccountId: actor.accountId,
        reason: input.note,
        at: now,
      },
    }),
  ]);
}

export const silenceInput = z.object({
  id: z.uuid(),
  until: z.coerce.date(),
  reason: z.string().trim().min(1).max(500),
});

export async function silence(
  deps: ServiceDeps,
  actor: Actor,
  // the parsed input: `until` arrives as a date or its text
  input: z.output<typeof silenceInput>,
): Promise<void> {
  const now = deps.now();
  if (!input.reason.trim()) throw new AppError("BAD_INPUT", "warnings.error.silenceReason");
  if (!(input.until.getTime() > now.getTime()) || input.until.getTime() - now.getTime() > 366 * 86_400_000)
    throw new AppError("BAD_INPUT", "warnings.error.silenceUntil");
  const row = await loadVisible(deps, actor, input.id, "warning.manage");
  await deps.db.$transaction([
    deps.db.warning.update({
      where: { id: input.id },
      data: { silencedUntil: input.until, silenceReason: input.reason.trim() },
    }),
    deps.db.warningTransition.create({
      data: {
        warningId: input.id,
        fromState: row.state,
        toState: row.state,
        action: "silence",
        byAccountId: actor.accountId,
        reason: input.reason.trim(),
        at: now,
      },
    }),
  ]);
}

/** The thresholds' own bounds and order are checked below (core validateThresholds), with their own messages. */
export const tuneInput = z.object({
  orgId: z.uuid(),
  ruleId: z.enum(RULE_IDS),
  warn: z.number(),
  crit: z.number(),
  recover: z.number(),
  forDays: z.number().int().min(0).max(365),
});
/** `ruleId` is checked again below for callers below the edge. */
export type TuneInput = Omit<z.input<typeof tuneInput>, "ruleId"> & { ruleId: string };

/** A committee admin tunes a rule for its subtree; settings that fire and recover at once are refused. */
export async function tune(deps: ServiceDeps, actor: Actor, input: TuneInput): Promise<Thresholds> {
  await authorize(deps, actor, "rules.tune", input.orgId);
  if (!(RULE_IDS as readonly string[]).includes(input.ruleId))
    throw new AppError("BAD_INPUT", "warnings.error.unknownRule");
  const ruleId = input.ruleId as RuleId;
  const tuned: Thresholds = {
    ...DEFAULT_RULES[ruleId].thresholds,
    warn: input.warn,
    crit: input.crit,
    recover: input.recover,
    forDays: input.forDays,
  };
  const problem = validateThresholds(tuned);
  if (problem) throw new AppError("BAD_INPUT", `warnings.error.threshold.${problem}` as MessageKey);
  const params = { warn: input.warn, crit: input.crit, recover: input.recover, forDays: input.forDays };
  await deps.db.warningRuleSetting.upsert({
    where: { orgId_ruleId: { orgId: input.orgId, ruleId } },
    create: { orgId: input.orgId, ruleId, params, updatedById: actor.accountId },
    update: { params, updatedById: actor.accountId },
  });
  return tuned;
}
