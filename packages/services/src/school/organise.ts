// The organising side of study hours: the org an officer acts on, members they may credit with
// offline training (searched by name within their subtree), evidence files uploaded straight to
// S3 by a presigned PUT, the list of recorded trainings, and required-course assignments with
// compliance counts (how many have completed, never who ranks where).
import { z } from "zod";
import { AppError, can, chinaDate, type Permission } from "@dangjian/core";
import type { Actor, ActorGrant } from "../actor.ts";
import { loadOrgRef } from "../actor.ts";
import { requireStorage, type ServiceDeps } from "../deps.ts";

export const EVIDENCE_MAX_BYTES = 20 * 1024 * 1024;
const EVIDENCE_TYPES = ["image/jpeg", "image/png", "image/webp", "application/pdf"] as const;

/** The widest organisation on which the actor holds one of the permissions (root-most first). */
function actingGrant(actor: Actor, permissions: readonly Permission[]): ActorGrant | null {
  const grants = actor.grants.filter((g) =>
    permissions.some((p) => can([g], p, { id: g.orgId, ancestorIds: g.orgAncestorIds })),
  );
  grants.sort((a, b) => a.orgAncestorIds.length - b.orgAncestorIds.length);
  return grants[0] ?? null;
}

const OFFLINE_PERMS: Permission[] = ["meeting.manage", "school.manage"];
const ASSIGN_PERMS: Permission[] = ["task.send", "school.manage"];

function requireScope(actor: Actor, permissions: readonly Permission[]) {
  const g = actingGrant(actor, permissions);
  if (!g) throw new AppError("FORBIDDEN", "error.forbidden");
  return { orgId: g.orgId, orgName: g.orgName };
}

export const offlineScope = (actor: Actor) => requireScope(actor, OFFLINE_PERMS);
export const assignScope = (actor: Actor) => requireScope(actor, ASSIGN_PERMS);

export const memberSearchInput = z.object({ q: z.string().trim().min(1).max(20) });

/** Active members of the actor's subtree whose name contains q (at most 20). */
export async function searchMembers(deps: ServiceDeps, actor: Actor, input: z.infer<typeof memberSearchInput>) {
  const scope = offlineScope(actor);
  const rows = await deps.db.member.findMany({
    where: {
      name: { contains: input.q },
      active: true,
      leftOn: null,
      OR: [{ branchId: scope.orgId }, { branch: { ancestorIds: { has: scope.orgId } } }],
    },
    select: { id: true, name: true, memberNo: true, branch: { select: { name: true } } },
    orderBy: [{ name: "asc" }, { memberNo: "asc" }],
    take: 20,
  });
  return rows.map((r) => ({ id: r.id, name: r.name, memberNo: r.memberNo, branchName: r.branch.name }));
}

export const evidenceUploadInput = z.object({
  fileName: z.string().trim().min(1).max(200),
  contentType: z.string().trim().max(100),
  sizeBytes: z.number().int().min(1),
});

/** A presigned PUT for one evidence file; the returned key is what the training record keeps. */
export async function signEvidenceUpload(deps: ServiceDeps, actor: Actor, input: z.infer<typeof evidenceUploadInput>) {
  offlineScope(actor);
  const storage = requireStorage(deps);
  if (!(EVIDENCE_TYPES as readonly string[]).includes(input.contentType))
    throw new AppError("BAD_INPUT", "school.error.evidenceType");
  if (input.sizeBytes > EVIDENCE_MAX_BYTES)
    throw new AppError("BAD_INPUT", "school.error.evidenceTooLarge", { maxMb: EVIDENCE_MAX_BYTES / 1024 / 1024 });
  const ext = input.fileName.match(/\.[a-z0-9]{1,5}$/i)?.[0]?.toLowerCase() ?? "";
  const key = `evidence/${crypto.randomUUID()}${ext}`;
  return { key, url: await storage.signedPutUrl(key, input.contentType, 900) };
}

/** Evidence given as an uploaded key must really be in storage before it is accepted. */
export async function checkEvidence(deps: ServiceDeps, evidence: string): Promise<void> {
  if (!evidence.startsWith("evidence/")) return;
  if (!/^evidence\/[0-9a-f-]{36}(\.[a-z0-9]{1,5})?$/.test(evidence))
    throw new AppError("BAD_INPUT", "school.error.evidenceMissing");
  const storage = requireStorage(deps);
  const head = await storage.head(evidence);
  if (!head) throw new AppError("BAD_INPUT", "school.error.evidenceMissing");
  // what was really stored, not what was asked for (ADR 0704): refused objects are deleted
  if (head.size > EVIDENCE_MAX_BYTES) {
    await storage.remove(evidence);
    throw new AppError("BAD_INPUT", "school.error.evidenceTooLarge", { maxMb: EVIDENCE_MAX_BYTES / 1024 / 1024 });
  }
  if (!(EVIDENCE_TYPES as readonly string[]).includes((head.contentType ?? "").split(";")[0]!.trim())) {
    await storage.remove(evidence);
    throw new AppError("BAD_INPUT", "school.error.evidenceType");
  }
}

/** Recent trainings recorded in the actor's subtree, with how many members each credited. */
export async function offlineTrainings(deps: ServiceDeps, actor: Actor) {
  const scope = offlineScope(actor);
  const rows = await deps.db.offlineTraining.findMany({
    // recorded in the subtree, or still pending and crediting members of it (their officers approve)
    where: {
      OR: [
        { orgId: scope.orgId },
        { orgId: { in: await subtreeOrgIds(deps, scope.orgId) } },
        { status: "PENDING", memberIds: { hasSome: await memberIdsInScope(deps, scope.orgId) } },
      ],
    },
    orderBy: [{ heldOn: "desc" }, { createdAt: "desc" }],
    take: 50,
    include: { _count: { select: { credits: true } } },
  });
  return {
    scope,
    trainings: rows.map((r) => ({
      id: r.id,
      title: r.title,
      kind: r.kind,
      heldOn: r.heldOn.toISOString().slice(0, 10),
      hours: r.hours,
      members: r.status === "APPROVED" ? r._count.credits : r.memberIds.length,
      evidenceFile: r.evidence.startsWith("evidence/"),
      evidence: r.evidence,
      status: r.status,
      /** this actor may approve or reject it: pending, recorded by someone else, not crediting them */
      decidable:
        r.status === "PENDING" &&
        r.recordedById !== actor.accountId &&
        !(actor.memberId && r.memberIds.includes(actor.memberId)),
    })),
  };
}

async function memberIdsInScope(deps: ServiceDeps, orgId: string): Promise<string[]> {
  const rows = await deps.db.member.findMany({
    where: { OR: [{ branchId: orgId }, { branch: { ancestorIds: { has: orgId } } }] },
    select: { id: true },
    take: 5000,
  });
  return rows.map((r) => r.id);
}

async function subtreeOrgIds(deps: ServiceDeps, orgId: string): Promise<string[]> {
  const orgs = await deps.db.org.findMany({ where: { ancestorIds: { has: orgId } }, select: { id: true } });
  return orgs.map((o) => o.id);
}

/** Assignments made in the actor's subtree, each with member and completion counts. */
export async function assignments(deps: ServiceDeps, actor: Actor) {
  const scope = assignScope(actor);
  const orgIds = [scope.orgId, ...(await subtreeOrgIds(deps, scope.orgId))];
  const rows = await deps.db.courseAssignment.findMany({
    where: { orgId: { in: orgIds } },
    orderBy: [{ dueOn: "asc" }, { createdAt: "desc" }],
    take: 100,
    include: { course: { select: { title: true } }, org: { select: { name: true } } },
  });
  const today = chinaDate(deps.now()).date;
  const counted = await Promise.all(
    rows.map(async (a) => {
      const [c] = await deps.db.$queryRawUnsafe<Array<{ members: bigint; completed: bigint }>>(
        `WITH m AS (
           SELECT mb.id FROM "Member" mb JOIN "Org" o ON o.id = mb."branchId"
           WHERE (o.id = $1::uuid OR $1::uuid = ANY(o."ancestorIds")) AND mb."leftOn" IS NULL AND mb.active
             AND ($2::text IS NULL OR EXISTS (SELECT 1 FROM "Account" ac JOIN "RoleGrant" g ON g."accountId" = ac.id
                                              WHERE ac."memberId" = mb.id AND g.role::text = $2::text))
         ), l AS (SELECT id FROM "Lesson" WHERE "courseId" = $3::uuid)
         SELECT count(*) AS members,
           count(*) FILTER (WHERE (SELECT count(*) FROM l) > 0 AND NOT EXISTS (
             SELECT 1 FROM l WHERE NOT EXISTS (
               SELECT 1 FROM "LessonProgress" p WHERE p."memberId" = m.id AND p."lessonId" = l.id AND p."completedAt" IS NOT NULL))) AS completed
         FROM m`,
        a.orgId,
        a.onlyRole,
        a.courseId,
      );
      const members = Number(c?.members ?? 0);
      const completed = Number(c?.completed ?? 0);
      const dueOn = a.dueOn.toISOString().slice(0, 10);
      return {
        id: a.id,
        courseId: a.courseId,
        courseTitle: a.course.title,
        orgName: a.org.name,
        onlyRole: a.onlyRole,
        dueOn,
        overdue: dueOn < today,
        members,
        completed,
        percent: members ? Math.round((completed / members) * 100) : 0,
      };
    }),
  );
  return { scope, today, assignments: counted };
}

/** Organisations the actor may assign to: their own and those below it (for the scope picker). */
export async function assignableOrgs(deps: ServiceDeps, actor: Actor) {
  const scope = assignScope(actor);
  const own = await loadOrgRef(deps, scope.orgId);
  const below = await deps.db.org.findMany({
    where: { ancestorIds: { has: scope.orgId } },
    select: { id: true, name: true, ancestorIds: true },
    orderBy: { name: "asc" },
    take: 200,
  });
  below.sort((a, b) => a.ancestorIds.length - b.ancestorIds.length);
  return [{ id: own.id, name: own.name }, ...below.map((o) => ({ id: o.id, name: o.name }))];
}
