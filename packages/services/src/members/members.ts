// The branch roster: add, edit, lost contact, and 组织关系转接 (both branches approve).
import { openPii, sealPii } from "@dangjian/db/pii";
import { z } from "zod";
import {
  AppError,
  can,
  monthKey,
  PAGE_SIZE_MAX,
  pageInfo,
  pageWindow,
  parseResidentId,
  maskIdNumber,
  maskPhone,
  MEMBER_CATEGORIES,
  t as messageText,
  type MessageKey,
  type PageWindow,
} from "@dangjian/core";
import type { Gender, MemberCategory, MemberStatus, OrgKind, Prisma } from "@dangjian/db";
import { authorize, type Actor } from "../actor.ts";
import type { ServiceDeps } from "../deps.ts";
import type { DbTx } from "@dangjian/db";
import { publish } from "../outbox/outbox.ts";
import { authorizeMember, isUniqueViolation, membersOf, orgOrOwnBranch, retryOnUnique } from "../ledger/common.ts";
import { indexInTx } from "../search/documents.ts";
import { findRegistered, registeredError } from "./registered.ts";
import { onMemberBranchChange } from "../card/issue.ts";
import { pageFields } from "../inputs.ts";
import { audit } from "../audit.ts";

/** Direct child organisations of a committee with the members of each one's subtree: a page of them. */
export async function childCounts(deps: ServiceDeps, orgId: string, window: PageWindow) {
  const [total, rows] = await Promise.all([
    deps.db.org.count({ where: { parentId: orgId } }),
    deps.db.$queryRaw<Array<{ id: string; name: string; kind: OrgKind; members: number }>>`
      SELECT c.id, c.name, c.kind::text AS kind,
        (SELECT count(*)::int FROM "Member" m JOIN "Org" b ON b.id = m."branchId"
          WHERE m.active AND (b.id = c.id OR b."ancestorIds" @> ARRAY[c.id]::uuid[])) AS members
      FROM (SELECT id, name, kind FROM "Org" WHERE "parentId" = ${orgId}::uuid ORDER BY name, id LIMIT ${window.take} OFFSET ${window.skip}) c
      ORDER BY c.name, c.id`,
  ]);
  return { children: rows, childPage: pageInfo(window, total) };
}

/**
 * The roster of an organisation, a page at a time (issue 13 defect 4). A branch (or general
 * branch) lists its members, ID numbers and phones masked. A committee lists no people: the
 * organisations below it with their member counts, to drill down into. `memberId` asks for one
 * member of the subtree (the edit and transfer pages).
 */
export const listMembersInput = z.object({ orgId: z.uuid().optional(), memberId: z.uuid().optional(), ...pageFields });

export async function listMembers(deps: ServiceDeps, actor: Actor, input: z.input<typeof listMembersInput>) {
  const orgId = orgOrOwnBranch(actor, input.orgId);
  const org = await authorize(deps, actor, "member.list", orgId);
  const { kind } = await deps.db.org.findUniqueOrThrow({ where: { id: orgId }, select: { kind: true } });
  const window = pageWindow(input);
  const isCommittee = kind === "COMMITTEE";
  const where = input.memberId ? { ...membersOf(orgId), id: input.memberId } : membersOf(orgId);
  const listPeople = !isCommittee || Boolean(input.memberId);
  const [total, members, outgoing, incoming, below] = await Promise.all([
    deps.db.member.count({ where: membersOf(orgId) }),
    listPeople
      ? deps.db.member.findMany({
          where,
          orderBy: [{ name: "asc" }, { id: "asc" }],
          skip: input.memberId ? 0 : window.skip,
          take: window.take,
          select: {
            id: true,
            memberNo: true,
            name: true,
            gender: true,
            idNumber: true,
            phone: true,
            status: true,
            category: true,
            joinedOn: true,
            fullMemberOn: true,
            workUnit: true,
            lostContact: true,
            lostContactSince: true,
            ethnicity: true,
            education: true,
          },
        })
      : Promise.resolve([]),
    deps.db.memberTransfer.findMany({
      where: { fromOrgId: orgId, status: { in: ["REQUESTED", "SENDER_APPROVED"] } },
      include: { member: { select: { name: true } }, toOrg: { select: { name: true } } },
      orderBy: { createdAt: "desc" },
      take: PAGE_SIZE_MAX,
    }),
    deps.db.memberTransfer.findMany({
      where: { toOrgId: orgId, status: { in: ["REQUESTED", "SENDER_APPROVED"] } },
      include: { member: { select: { name: true } }, fromOrg: { select: { name: true } } },
      orderBy: { createdAt: "desc" },
      take: PAGE_SIZE_MAX,
    }),
    isCommittee ? childCounts(deps, orgId, window) : Promise.resolve(null),
  ]);
  return {
    org: { id: org.id, name: org.name, isCommittee },
    canManage: can(actor.grants, "member.manage", org),
    /** members of the whole subtree */
    total,
    /** the page of `members` (branches) */
    page: pageInfo(window, listPeople && !input.memberId ? total : members.length),
    // shown masked; the full value only through members.reveal (audited)
    members: members.map(({ idNumber, phone, ...m }) => {
      const id = openPii(deps.pii, idNumber);
      const tel = openPii(deps.pii, phone);
      return { ...m, idNumberMasked: id ? maskIdNumber(id) : null, phoneMasked: tel ? maskPhone(tel) : null };
    }),
    /** committees: the organisations below, with counts (a page of them) */
    children: below?.children ?? [],
    childPage: below?.childPage ?? null,
    outgoing: outgoing.map((x) => ({
      id: x.id,
      memberName: x.member.name,
      otherOrg: x.toOrg.name,
      status: x.status,
      reason: x.reason,
      createdAt: x.createdAt,
    })),
    incoming: incoming.map((x) => ({
      id: x.id,
      memberName: x.member.name,
      otherOrg: x.fromOrg.name,
      status: x.status,
      reason: x.reason,
      createdAt: x.createdAt,
    })),
  };
}

/** The fields of the member form (add and edit). */
const memberFields = {
  name: z.string().trim().min(1).max(30),
  idNumber: z.string().trim().min(1).max(30),
  phone: z
    .union([
      z.literal(""),
      z
        .string()
        .trim()
        .regex(/^1[3-9]\d{9}$/),
    ])
    .nullable()
    .optional(),
  status: z.enum(["FULL", "PROBATIONARY"] as const satisfies readonly MemberStatus[]),
  category: z.enum(MEMBER_CATEGORIES satisfies readonly MemberCategory[]),
  joinedOn: z.date(),
  fullMemberOn: z.date().nullable().optional(),
  ethnicity: z.string().max(20).nullable().optional(),
  education: z.string().max(20).nullable().optional(),
  workUnit: z.string().max(60).nullable().optional(),
};

export type MemberFields = z.input<z.ZodObject<typeof memberFields>>;

const ID_KEYS: Record<string, MessageKey> = {
  format: "members.idFormat",
  birthDate: "members.idBirthDate",
  checksum: "members.idChecksum",
};

function checkFields(fields: MemberFields, now: Date): { gender: Gender; birthDate: Date; idNumber: string } {
  const parsed = parseResidentId(fields.idNumber, now);
  if (!parsed.ok)
    throw new AppError("BAD_INPUT", "members.errorIdNumber", { detail: messageText(ID_KEYS[parsed.problem]!) });
  if (fields.status === "FULL" && !fields.fullMemberOn) throw new AppError("BAD_INPUT", "members.errorFullNeedsDate");
  return { gender: parsed.id.gender, birthDate: parsed.id.birthDate, idNumber: parsed.normalised };
}

/** Next DY member number (DY + 8 digits); a race is retried by the caller on the unique key. */
export async function nextMemberNumbers(tx: DbTx, count: number): Promise<string[]> {
  const rows = await tx.$queryRawUnsafe<Array<{ max: string | null }>>(
    `SELECT max("memberNo") AS max FROM "Member" WHERE "memberNo" ~ '^DY[0-9]{8}$'`,
  );
  const start = rows[0]?.max ? Number(rows[0].max.slice(2)) + 1 : 1;
  return Array.from({ length: count }, (_, i) => `DY${String(start + i).padStart(8, "0")}`);
}

/** A unique-key race after the check (someone else registered the person meanwhile): same answer, no detail. */
function duplicateToAppError(error: unknown): never {
  if (isUniqueViolation(error, "idNumber") || isUniqueViolation(error, "phone"))
    throw new AppError("CONFLICT", "members.errorRegisteredElsewhere");
  throw error;
}

export const addMemberInput = z.object({ branchId: z.uuid().optional(), ...memberFields });

export async function addMember(deps: ServiceDeps, actor: Actor, input: z.input<typeof addMemberInput>) {
  const branchId = orgOrOwnBranch(actor, input.branchId);
  await authorize(deps, actor, "member.manage", branchId);
  const derived = checkFields(input, deps.now());
  const found = await findRegistered(deps, actor, {
    orgId: branchId,
    purpose: "add",
    people: [{ idNumber: derived.idNumber, phone: input.phone ?? null }],
  });
  const where = found.get(0);
  if (where) throw registeredError(where);
  try {
    return await retryOnUnique("memberNo", 5, () =>
      deps.db.$transaction(async (tx) => {
        const [memberNo] = await nextMemberNumbers(tx, 1);
        const member = await tx.member.create({
          data: { ...memberData(deps, input, derived), memberNo: memberNo!, branchId },
        });
        await publish(tx, "facts.touch", { keys: [{ orgId: branchId, month: monthKey(deps.now()) }] });
        await indexInTx(tx, [{ type: "member", id: member.id }]);
        await audit(tx, actor, {
          action: "members.add",
          entityType: "Member",
          entityId: member.id,
          orgId: branchId,
        });
        return { id: member.id, memberNo: member.memberNo };
      }),
    );
  } catch (error) {
    duplicateToAppError(error);
  }
}

function memberData(
  deps: ServiceDeps,
  input: MemberFields,
  derived: { gender: Gender; birthDate: Date; idNumber: string },
) {
  const id = sealPii(deps.pii, "idNumber", derived.idNumber);
  const phone = sealPii(deps.pii, "phone", input.phone);
  return {
    name: input.name.trim(),
    gender: derived.gender,
    birthDate: derived.birthDate,
    idNumber: id.enc,
    idNumberHash: id.hash,
    phone: phone.enc,
    phoneHash: phone.hash,
    status: input.status,
    category: input.category,
    joinedOn: input.joinedOn,
    fullMemberOn: input.status === "FULL" ? (input.fullMemberOn ?? null) : null,
    ethnicity: input.ethnicity?.trim() || null,
    education: input.education?.trim() || null,
    workUnit: input.workUnit?.trim() || null,
  } satisfies Partial<Prisma.MemberUncheckedCreateInput>;
}

/**
 * An edit changes only what it is given: a field left out (undefined) keeps its value, a field
 * sent as null or "" is cleared. Forms never have to echo fields they do not show.
 */
export const updateMemberInput = z
  .object({ memberId: z.uuid(), ...memberFields, idNumber: z.string().trim().max(30).optional() })
  .partial()
  .required({ memberId: true });
export type MemberUpdate = z.input<typeof updateMemberInput>;

export async function updateMember(deps: ServiceDeps, actor: Actor, input: MemberUpdate) {
  const member = await authorizeMember(deps, actor, "member.manage", input.memberId);
  const data: Prisma.MemberUncheckedUpdateInput = {};
  if (input.name !== undefined) {
    if (!input.name.trim()) throw new AppError("BAD_INPUT", "members.errorNameRequired");
    data.name = input.name.trim();
  }
  if (input.idNumber !== undefined && input.idNumber.trim() !== "") {
    const parsed = parseResidentId(input.idNumber, deps.now());
    if (!parsed.ok)
      throw new AppError("BAD_INPUT", "members.errorIdNumber", { detail: messageText(ID_KEYS[parsed.problem]!) });
    const id = sealPii(deps.pii, "idNumber", parsed.normalised);
    Object.assign(data, {
      idNumber: id.enc,
      idNumberHash: id.hash,
      gender: parsed.id.gender,
      birthDate: parsed.id.birthDate,
    });
  }
  if (input.phone !== undefined) {
    const phone = sealPii(deps.pii, "phone", input.phone);
    Object.assign(data, { phone: phone.enc, phoneHash: phone.hash });
  }
  if (input.category !== undefined) data.category = input.category;
  if (input.joinedOn !== undefined) data.joinedOn = input.joinedOn;
  for (const key of ["ethnicity", "education", "workUnit"] as const) {
    if (input[key] !== undefined) data[key] = input[key]?.trim() || null;
  }
  const status = input.status ?? member.status;
  const fullMemberOn = input.fullMemberOn !== undefined ? input.fullMemberOn : member.fullMemberOn;
  if (status === "FULL" && !fullMemberOn) throw new AppError("BAD_INPUT", "members.errorFullNeedsDate");
  if (input.status !== undefined || input.fullMemberOn !== undefined) {
    data.status = status;
    data.fullMemberOn = status === "FULL" ? fullMemberOn : null;
  }
  const newIdNumber =
    typeof data.idNumberHash === "string" && data.idNumberHash !== member.idNumberHash
      ? openPii(deps.pii, data.idNumber as string)
      : null;
  const newPhone =
    typeof data.phoneHash === "string" && data.phoneHash !== member.phoneHash
      ? openPii(deps.pii, data.phone as string)
      : null;
  if (newIdNumber || newPhone) {
    const found = await findRegistered(deps, actor, {
      orgId: member.branchId,
      purpose: "update",
      people: [{ idNumber: newIdNumber, phone: newPhone }],
      excludeMemberId: member.id,
    });
    const where = found.get(0);
    if (where) throw registeredError(where);
  }
  try {
    await deps.db.$transaction(async (tx) => {
      await tx.member.update({ where: { id: member.id }, data });
      await indexInTx(tx, [{ type: "member", id: member.id }]);
      await audit(tx, actor, {
        action: "members.update",
        entityType: "Member",
        entityId: member.id,
        orgId: member.branchId,
        data: { fields: Object.keys(data).sort() },
      });
    });
  } catch (error) {
    duplicateToAppError(error);
  }
  return { id: member.id };
}

/**
 * The full ID number or phone of one member, for the secretary who needs it (to call them, to
 * fill a form for the superior organisation). Every reveal is audited (who, whose, which field).
 */
export const revealMemberInput = z.object({ memberId: z.uuid(), field: z.enum(["idNumber", "phone"]) });

export async function revealMember(deps: ServiceDeps, actor: Actor, input: z.input<typeof revealMemberInput>) {
  const member = await authorizeMember(deps, actor, "member.manage", input.memberId);
  const value = openPii(deps.pii, input.field === "idNumber" ? member.idNumber : member.phone);
  await audit(deps.db, actor, {
    action: "members.reveal",
    entityType: "Member",
    entityId: member.id,
    orgId: member.branchId,
    at: deps.now(),
    data: { field: input.field },
  });
  return { value };
}

export const setLostContactInput = z.object({ memberId: z.uuid(), lost: z.boolean() });

export async function setLostContact(deps: ServiceDeps, actor: Actor, input: z.input<typeof setLostContactInput>) {
  const member = await authorizeMember(deps, actor, "member.manage", input.memberId);
  if (member.lostContact === input.lost)
    return { lostContact: member.lostContact, lostContactSince: member.lostContactSince };
  const since = input.lost ? deps.now() : null;
  return deps.db.$transaction(async (tx) => {
    const updated = await tx.member.update({
      where: { id: member.id },
      data: { lostContact: input.lost, lostContactSince: since },
      select: { lostContact: true, lostContactSince: true },
    });
    await audit(tx, actor, {
      action: input.lost ? "members.markLost" : "members.unmarkLost",
      entityType: "Member",
      entityId: member.id,
      orgId: member.branchId,
    });
    return updated;
  });
}

// ───────────── 组织关系转接 ─────────────

export const transferTargetsInput = z.object({ orgId: z.uuid().optional(), query: z.string().max(30) });

/** Branches a member may move to (any in the platform): name search, ids and names only. */
export async function transferTargets(deps: ServiceDeps, actor: Actor, input: z.input<typeof transferTargetsInput>) {
  const orgId = orgOrOwnBranch(actor, input.orgId);
  await authorize(deps, actor, "member.manage", orgId);
  const query = input.query.trim();
  if (!query) return [];
  return deps.db.org.findMany({
    where: { active: true, kind: { in: ["BRANCH", "JOINT_BRANCH"] }, id: { not: orgId }, name: { contains: query } },
    select: { id: true, name: true, parent: { select: { name: true } } },
    orderBy: { name: "asc" },
    take: 20,
  });
}

export const requestTransferInput = z.object({ memberId: z.uuid(), toOrgId: z.uuid(), reason: z.string().max(200) });

/** The sending branch starts the transfer; starting it is the sending branch's approval. */
export async function requestTransfer(deps: ServiceDeps, actor: Actor, input: z.input<typeof requestTransferInput>) {
  const member = await authorizeMember(deps, actor, "member.manage", input.memberId);
  const to = await deps.db.org.findUnique({ where: { id: input.toOrgId }, select: { id: true, kind: true } });
  if (!to) throw new AppError("NOT_FOUND", "error.orgNotFound");
  if (to.id === member.branchId) throw new AppError("BAD_INPUT", "members.errorTransferSameBranch");
  if (to.kind !== "BRANCH" && to.kind !== "JOINT_BRANCH")
    throw new AppError("BAD_INPUT", "members.errorTransferTarget");
  return deps.db.$transaction(async (tx) => {
    const pending = await tx.memberTransfer.findFirst({
      where: { memberId: member.id, status: { in: ["REQUESTED", "SENDER_APPROVED"] } },
    });
    if (pending) throw new AppError("CONFLICT", "members.errorTransferPending");
    const now = deps.now();
    const transfer = await tx.memberTransfer.create({
      data: {
        memberId: member.id,
        fromOrgId: member.branchId,
        toOrgId: to.id,
        status: "SENDER_APPROVED",
        reason: input.reason.trim() || null,
        requestedById: actor.accountId,
        senderApprovedById: actor.accountId,
        senderApprovedAt: now,
      },
    });
    return { id: transfer.id, status: transfer.status };
  });
}

export const decideTransferInput = z.object({
  transferId: z.uuid(),
  approve: z.boolean(),
  reason: z.string().max(200).nullable().optional(),
});

/** The receiving branch approves (the member moves, history and all) or sends it back. */
export async function decideTransfer(deps: ServiceDeps, actor: Actor, input: z.input<typeof decideTransferInput>) {
  const transfer = await deps.db.memberTransfer.findUnique({ where: { id: input.transferId } });
  if (!transfer) throw new AppError("NOT_FOUND", "error.notFound");
  await authorize(deps, actor, "member.manage", transfer.toOrgId);
  const now = deps.now();
  return deps.db.$transaction(async (tx) => {
    const claimed = await tx.memberTransfer.updateMany({
      where: { id: transfer.id, status: "SENDER_APPROVED" },
      data: input.approve
        ? { status: "COMPLETED", receiverApprovedById: actor.accountId, receiverApprovedAt: now }
        : {
            status: "REJECTED",
            rejectionReason: input.reason?.trim() || null,
            receiverApprovedById: actor.accountId,
            receiverApprovedAt: now,
          },
    });
    if (claimed.count === 0) throw new AppError("CONFLICT", "members.errorTransferState");
    if (!input.approve) return { status: "REJECTED" as const };
    // History (attendance, dues months, study) is attached to the member, so it moves with them;
    // dues months keep the branch that received them.
    await tx.member.update({
      where: { id: transfer.memberId },
      data: { branchId: transfer.toOrgId, partyGroupId: null },
    });
    await indexInTx(tx, [{ type: "member", id: transfer.memberId }]);
    // the e-party card follows: out of the region its binding ends, inside it is re-issued
    await onMemberBranchChange(deps, tx, transfer.memberId, transfer.fromOrgId, transfer.toOrgId);
    const account = await tx.account.findUnique({ where: { memberId: transfer.memberId }, select: { id: true } });
    if (account) {
      await tx.roleGrant.deleteMany({ where: { accountId: account.id, orgId: transfer.fromOrgId } });
      await tx.roleGrant.upsert({
        where: { accountId_role_orgId: { accountId: account.id, role: "MEMBER", orgId: transfer.toOrgId } },
        create: { accountId: account.id, role: "MEMBER", orgId: transfer.toOrgId, grantedById: actor.accountId },
        update: {},
      });
    }
    await tx.committeeRole.updateMany({
      where: { memberId: transfer.memberId, orgId: transfer.fromOrgId, endsOn: null },
      data: { endsOn: now },
    });
    const month = monthKey(now);
    await publish(tx, "facts.touch", {
      keys: [
        { orgId: transfer.fromOrgId, month },
        { orgId: transfer.toOrgId, month },
      ],
    });
    await audit(tx, actor, {
      action: "members.transfer",
      entityType: "Member",
      entityId: transfer.memberId,
      orgId: transfer.toOrgId,
      data: { from: transfer.fromOrgId },
    });
    return { status: "COMPLETED" as const };
  });
}
