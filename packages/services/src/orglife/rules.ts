// Cadence rules and the theme day action catalogue as data: platform defaults (orgId null),
// overridden by a committee for its whole subtree (the nearest override on the path wins).
import { z } from "zod";
import {
  AppError,
  CADENCE_PERIODS,
  committeeGrant,
  DEFAULT_CADENCE,
  DEFAULT_THEME_DAY_ACTIONS,
  evaluateCadence,
  isQuorate,
  MEETING_TYPES,
  resolveRules,
  validateCadenceRule,
  VIEWS,
  type CadencePeriodName,
  type CadenceRuleInput,
  type HeldMeetingInput,
  type MeetingTypeName,
  type TypeSummary,
  type ViewName,
} from "@dangjian/core";
import type { DbTx } from "@dangjian/db";
import { authorize, type Actor } from "../actor.ts";
import type { ServiceDeps } from "../deps.ts";
import { orgOrOwnBranch } from "../ledger/common.ts";
import { text, type optionalOrgInput } from "../inputs.ts";
import { audit } from "../audit.ts";

export interface EffectiveRule extends CadenceRuleInput {
  /** the organisation whose override is in force; null = platform default */
  orgId: string | null;
  orgName: string | null;
}

/** The organisation itself first, then its ancestors upward. */
async function chainOf(db: DbTx, orgId: string): Promise<string[]> {
  const org = await db.org.findUnique({ where: { id: orgId }, select: { ancestorIds: true } });
  if (!org) throw new AppError("NOT_FOUND", "error.orgNotFound");
  return [orgId, ...[...org.ancestorIds].reverse()];
}

type CadenceRow = {
  meetingType: string;
  period: string;
  minCount: number;
  fixedDay: number | null;
  quorumRatio: number | null;
  perMember: boolean;
  orgId: string | null;
  org?: { name: string } | null;
};

/** Every rule that may apply: the stored rows, plus built-in defaults for a database never seeded. */
function cadenceCandidates(rows: readonly CadenceRow[]): EffectiveRule[] {
  return [
    // built-in defaults stand in for a database that was never seeded
    ...DEFAULT_CADENCE.filter((d) => !rows.some((r) => r.orgId === null && r.meetingType === d.meetingType)).map(
      (d) => ({ ...d, orgId: null, orgName: null }),
    ),
    ...rows.map((r) => ({
      meetingType: r.meetingType as MeetingTypeName,
      period: r.period as CadencePeriodName,
      minCount: r.minCount,
      fixedDay: r.fixedDay,
      quorumRatio: r.quorumRatio,
      perMember: r.perMember,
      orgId: r.orgId,
      orgName: r.org?.name ?? null,
    })),
  ];
}

export async function effectiveRules(db: DbTx, orgId: string): Promise<EffectiveRule[]> {
  const chain = await chainOf(db, orgId);
  const rows = await db.cadenceRule.findMany({
    where: { OR: [{ orgId: null }, { orgId: { in: chain } }] },
    include: { org: { select: { name: true } } },
  });
  return resolveRules(cadenceCandidates(rows), chain);
}

/**
 * The rules in force for many organisations at once (the warning engine): every rule row is read
 * once, and organisations under the same overrides share one resolution.
 */
export async function cadenceResolver(
  db: DbTx,
): Promise<(orgId: string, ancestorIds: readonly string[]) => EffectiveRule[]> {
  const candidates = cadenceCandidates(await db.cadenceRule.findMany());
  const overriding = new Set(candidates.flatMap((c) => (c.orgId === null ? [] : [c.orgId])));
  const cache = new Map<string, EffectiveRule[]>();
  return (orgId, ancestorIds) => {
    const chain = [orgId, ...[...ancestorIds].reverse()].filter((id) => overriding.has(id));
    const key = chain.join(",");
    let rules = cache.get(key);
    if (!rules) cache.set(key, (rules = resolveRules(candidates, chain)));
    return rules;
  };
}

export interface ThemeAction {
  code: string;
  title: string;
  required: boolean;
  sortOrder: number;
}

/** The theme day catalogue in force: the nearest organisation on the path that has one, else the default. */
export async function effectiveThemeActions(
  db: DbTx,
  orgId: string,
): Promise<{ orgId: string | null; actions: ThemeAction[] }> {
  const chain = await chainOf(db, orgId);
  const rows = await db.themeDayAction.findMany({
    where: { OR: [{ orgId: null }, { orgId: { in: chain } }] },
    orderBy: { sortOrder: "asc" },
  });
  for (const id of [...chain, null]) {
    const own = rows.filter((r) => r.orgId === id);
    if (own.length > 0)
      return {
        orgId: id,
        actions: own.map((r) => ({ code: r.code, title: r.title, required: r.required, sortOrder: r.sortOrder })),
      };
  }
  return { orgId: null, actions: DEFAULT_THEME_DAY_ACTIONS.map((a) => ({ ...a })) };
}

function committeeOrgOf(actor: Actor, orgId: string | undefined): string {
  const id = orgId ?? committeeGrant(actor.grants)?.orgId;
  if (!id) throw new AppError("FORBIDDEN", "orglife.rulesCommitteeOnly");
  return id;
}

export async function rulesView(deps: ServiceDeps, actor: Actor, input: z.input<typeof optionalOrgInput>) {
  const orgId = committeeOrgOf(actor, input.orgId);
  const org = await authorize(deps, actor, "rules.tune", orgId);
  const [rules, theme] = await Promise.all([effectiveRules(deps.db, orgId), effectiveThemeActions(deps.db, orgId)]);
  return { org: { id: org.id, name: org.name }, rules, themeActions: theme };
}

/** Bounds of the numbers are the rule's own (core validateCadenceRule), with their own messages. */
export const setCadenceRuleInput = z.object({
  orgId: z.uuid(),
  meetingType: z.enum(MEETING_TYPES),
  period: z.enum(CADENCE_PERIODS),
  minCount: z.number().int(),
  fixedDay: z.number().int().nullable().optional(),
  quorumRatio: z.number().nullable().optional(),
});

export async function setCadenceRule(deps: ServiceDeps, actor: Actor, input: z.input<typeof setCadenceRuleInput>) {
  await authorize(deps, actor, "rules.tune", input.orgId);
  await deps.db.$transaction(async (tx) => {
    const existing = await tx.cadenceRule.findFirst({ where: { orgId: input.orgId, meetingType: input.meetingType } });
    // a field not sent keeps the organisation's current value (null only when sent as null)
    const data = {
      period: input.period,
      minCount: input.minCount,
      fixedDay: input.fixedDay !== undefined ? input.fixedDay : (existing?.fixedDay ?? null),
      quorumRatio: input.quorumRatio !== undefined ? input.quorumRatio : (existing?.quorumRatio ?? null),
      perMember: input.meetingType === "TALK",
    };
    const invalid = validateCadenceRule({
      period: data.period,
      minCount: data.minCount,
      fixedDay: data.fixedDay,
      quorumRatio: data.quorumRatio,
    });
    if (invalid) throw new AppError("BAD_INPUT", invalid);
    if (existing) await tx.cadenceRule.update({ where: { id: existing.id }, data });
    else await tx.cadenceRule.create({ data: { ...data, orgId: input.orgId, meetingType: input.meetingType } });
    await audit(tx, actor, {
      action: "cadence.set",
      entityType: "CadenceRule",
      orgId: input.orgId,
      data: { meetingType: input.meetingType, ...data },
    });
  });
  return effectiveRules(deps.db, input.orgId);
}

export const setThemeActionsInput = z.object({
  orgId: z.uuid(),
  actions: z
    .array(z.object({ code: z.string().min(1).max(40), title: text(100).min(1), required: z.boolean() }))
    .min(1)
    .max(30),
});

/** Replaces the committee's theme day catalogue ("5+N"): which actions are required for its subtree. */
export async function setThemeActions(deps: ServiceDeps, actor: Actor, input: z.input<typeof setThemeActionsInput>) {
  await authorize(deps, actor, "rules.tune", input.orgId);
  if (!input.actions.some((a) => a.required)) throw new AppError("BAD_INPUT", "orglife.actionsNeedRequired");
  const codes = new Set(input.actions.map((a) => a.code));
  if (codes.size !== input.actions.length) throw new AppError("BAD_INPUT", "error.badInput", { detail: "code" });
  await deps.db.$transaction(async (tx) => {
    await tx.themeDayAction.deleteMany({ where: { orgId: input.orgId } });
    await tx.themeDayAction.createMany({
      data: input.actions.map((a, i) => ({
        orgId: input.orgId,
        code: a.code,
        title: a.title,
        required: a.required,
        sortOrder: i + 1,
      })),
    });
    await audit(tx, actor, {
      action: "themeActions.set",
      entityType: "ThemeDayAction",
      orgId: input.orgId,
      data: { actions: input.actions },
    });
  });
  return effectiveThemeActions(deps.db, input.orgId);
}

export interface CadenceCalendar {
  orgId: string;
  rules: EffectiveRule[];
  views: Record<ViewName, TypeSummary[]>;
}

/** This month / quarter / year of a branch: per meeting type, what is done, due and overdue. */
export async function cadenceCalendar(
  deps: ServiceDeps,
  actor: Actor,
  input: z.input<typeof optionalOrgInput>,
): Promise<CadenceCalendar> {
  const orgId = orgOrOwnBranch(actor, input.orgId);
  await authorize(deps, actor, "branch.overview", orgId);
  const now = deps.now();
  const yearStart = new Date(Date.UTC(now.getUTCFullYear(), 0, 1));
  const yearEnd = new Date(Date.UTC(now.getUTCFullYear() + 1, 0, 1));
  const [rules, groups, committee, memberCount, meetings] = await Promise.all([
    effectiveRules(deps.db, orgId),
    deps.db.org.count({ where: { parentId: orgId, kind: "PARTY_GROUP", active: true } }),
    deps.db.committeeRole.count({
      where: { orgId, post: { not: "GROUP_LEADER" }, OR: [{ endsOn: null }, { endsOn: { gte: now } }] },
    }),
    deps.db.member.count({ where: { branchId: orgId, active: true } }),
    deps.db.meeting.findMany({
      where: {
        status: "HELD",
        heldStart: { gte: yearStart, lt: yearEnd },
        OR: [
          { orgId },
          { org: { parentId: orgId, kind: "PARTY_GROUP" } },
          { orgs: { some: { orgId, confirmedAt: { not: null } } } },
        ],
      },
      select: {
        type: true,
        heldStart: true,
        attendances: { where: { expected: true }, select: { memberId: true, status: true } },
      },
    }),
  ]);
  const applicable = rules.filter(
    (r) =>
      (r.meetingType !== "GROUP_MEETING" || groups > 0) && (r.meetingType !== "COMMITTEE_MEETING" || committee > 0),
  );
  const quorumOf = new Map(rules.map((r) => [r.meetingType, r.quorumRatio ?? null]));
  const held: HeldMeetingInput[] = meetings.map((m) => {
    const present = m.attendances.filter((a) => a.status === "PRESENT");
    return {
      type: m.type as MeetingTypeName,
      heldAt: m.heldStart!,
      quorate: isQuorate(present.length, m.attendances.length, quorumOf.get(m.type as MeetingTypeName)),
      presentMemberIds: present.map((a) => a.memberId),
    };
  });
  const views = Object.fromEntries(
    VIEWS.map((view) => [view, evaluateCadence({ rules: applicable, meetings: held, view, now, memberCount })]),
  ) as Record<ViewName, TypeSummary[]>;
  return { orgId, rules: applicable, views };
}
