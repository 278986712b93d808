// Builds search documents from the facts (read inside the caller's transaction) and keeps the
// embedded engine's table in step: services call indexInTx() in the transaction that writes the
// facts, so search is never behind (docs/decisions/0601-search-engines.md).
import {
  courseAcl,
  meetingAcl,
  memberAcl,
  orgAcl,
  regionalAcl,
  t,
  taskAcl,
  type MessageKey,
  type OrgRef,
  type SearchType,
} from "@dangjian/core";
import type { DbTx } from "@dangjian/db";
import { EmbeddedEngine, type SearchDocument, type SqlExecutor } from "@dangjian/search";
import { enqueueForSync, type SearchRef } from "./outbox.ts";

export type { SearchRef };

export function executorFor(tx: DbTx): SqlExecutor {
  return <T>(sql: string, params: readonly unknown[]) => tx.$queryRawUnsafe<T[]>(sql, ...params);
}

export function embeddedEngine(tx: DbTx): EmbeddedEngine {
  return new EmbeddedEngine(executorFor(tx));
}

const MEETING_LABEL: Record<string, string> = {
  BRANCH_ASSEMBLY: "支部党员大会",
  COMMITTEE_MEETING: "支委会",
  GROUP_MEETING: "党小组会",
  PARTY_LECTURE: "党课",
  THEME_DAY: "主题党日",
  LIFE_MEETING: "组织生活会",
  APPRAISAL: "民主评议党员",
  TALK: "谈心谈话",
  JOINT_ACTIVITY: "联建活动",
  VOLUNTEER: "志愿服务",
};

const ZERO_UUID = "00000000-0000-0000-0000-000000000000";
const orgSelect = { id: true, name: true, ancestorIds: true } as const;
type OrgRow = { id: string; name: string; ancestorIds: string[] };
const ref = (o: OrgRow): OrgRef => ({ id: o.id, ancestorIds: o.ancestorIds });

/** ids: the documents to build; null: all of that type (for a full reindex). */
export async function buildDocuments(
  tx: DbTx,
  type: SearchType,
  ids: readonly string[] | null,
  page?: { after?: string; take: number },
): Promise<SearchDocument[]> {
  const idFilter = { id: ids ? { in: [...ids] } : { gt: page?.after ?? ZERO_UUID } };
  const paging = { orderBy: { id: "asc" as const }, take: ids ? ids.length : (page?.take ?? 1000) };
  switch (type) {
    case "course": {
      const rows = await tx.course.findMany({
        where: idFilter,
        ...paging,
        select: {
          id: true,
          title: true,
          summary: true,
          category: true,
          published: true,
          audienceOrgId: true,
          createdAt: true,
        },
      });
      return rows.map((c) => ({
        type,
        id: c.id,
        title: c.title,
        body: c.summary,
        keywords: [c.category],
        orgId: null,
        orgName: null,
        at: c.createdAt,
        url: `/school/courses/${c.id}`,
        acl: courseAcl(c),
      }));
    }
    case "lesson": {
      const rows = await tx.lesson.findMany({
        where: idFilter,
        ...paging,
        select: {
          id: true,
          title: true,
          body: true,
          videoAsset: { select: { captionText: true } },
          course: { select: { title: true, published: true, audienceOrgId: true, createdAt: true } },
        },
      });
      return rows.map((l) => ({
        // the words said in the video (its WebVTT captions as text) are part of the lesson's body
        type,
        id: l.id,
        title: l.title,
        body: [l.body, l.videoAsset?.captionText].filter(Boolean).join("\n"),
        keywords: [l.course.title],
        orgId: null,
        orgName: null,
        at: l.course.createdAt,
        url: `/school/lessons/${l.id}`,
        acl: courseAcl(l.course),
      }));
    }
    case "meeting": {
      const rows = await tx.meeting.findMany({
        where: idFilter,
        ...paging,
        select: {
          id: true,
          type: true,
          topic: true,
          agenda: true,
          minutes: true,
          place: true,
          plannedStart: true,
          heldStart: true,
          org: { select: orgSelect },
          orgs: { select: { org: { select: orgSelect } } },
          attendances: {
            where: { OR: [{ expected: true }, { status: { not: "ABSENT" } }] },
            select: { memberId: true },
          },
        },
      });
      return rows.map((m) => ({
        type,
        id: m.id,
        title: m.topic,
        body: [m.agenda, m.minutes].filter(Boolean).join("\n"),
        keywords: [MEETING_LABEL[m.type] ?? "", m.place ?? ""],
        orgId: m.org.id,
        orgName: m.org.name,
        at: m.heldStart ?? m.plannedStart,
        url: `/branch/meetings/${m.id}`,
        acl: meetingAcl({
          type: m.type,
          host: ref(m.org),
          orgs: m.orgs.map((o) => ref(o.org)),
          attendeeMemberIds: m.attendances.map((a) => a.memberId),
        }),
      }));
    }
    case "task":
    case "notice": {
      const rows = await tx.task.findMany({
        where: { ...idFilter, kind: type === "task" ? "TASK" : "NOTICE" },
        ...paging,
        select: {
          id: true,
          kind: true,
          title: true,
          body: true,
          createdAt: true,
          senderOrg: { select: orgSelect },
          targets: { select: { org: { select: orgSelect } } },
        },
      });
      return rows.map((t) => ({
        type,
        id: t.id,
        title: t.title,
        body: t.body,
        orgId: t.senderOrg.id,
        orgName: t.senderOrg.name,
        at: t.createdAt,
        url: `/branch/tasks/${t.id}`,
        acl: taskAcl({ kind: t.kind, sender: ref(t.senderOrg), targets: t.targets.map((x) => ref(x.org)) }),
      }));
    }
    case "org": {
      const rows = await tx.org.findMany({
        where: { ...idFilter, active: true },
        ...paging,
        select: {
          id: true,
          name: true,
          shortName: true,
          ancestorIds: true,
          address: true,
          createdAt: true,
          formerNames: { select: { name: true, shortName: true } },
        },
      });
      return rows.map((o) => ({
        // found by its short name and by every name it had before a rename (ADR 0603)
        type,
        id: o.id,
        title: o.name,
        body: o.address,
        keywords: [o.shortName, ...o.formerNames.flatMap((f) => [f.name, f.shortName])].filter((k): k is string =>
          Boolean(k),
        ),
        orgId: o.id,
        orgName: o.name,
        at: null,
        url: `/branch/org/${o.id}`,
        acl: orgAcl(ref(o)),
      }));
    }
    case "member": {
      const rows = await tx.member.findMany({
        where: { ...idFilter, active: true },
        ...paging,
        select: { id: true, name: true, branch: { select: orgSelect } },
      });
      return rows.map((m) => ({
        type,
        id: m.id,
        title: m.name,
        personName: true,
        orgId: m.branch.id,
        orgName: m.branch.name,
        at: null,
        url: `/branch/members/${m.id}/edit`,
        acl: memberAcl({ memberId: m.id, branch: ref(m.branch) }),
      }));
    }
    case "file":
      return fileDocuments(tx, ids, page);
    case "need": {
      // only open needs are found: a claimed or closed need lives on as its project
      const rows = await tx.need.findMany({
        where: { ...idFilter, status: "OPEN" },
        ...paging,
        select: {
          id: true,
          title: true,
          description: true,
          category: true,
          place: true,
          regionId: true,
          createdAt: true,
          org: { select: orgSelect },
        },
      });
      return rows.map((n) => ({
        type,
        id: n.id,
        title: n.title,
        body: n.description,
        keywords: [t(`regional.category.${n.category}` as MessageKey), n.place, t("regional.needs")],
        orgId: n.org.id,
        orgName: n.org.name,
        at: n.createdAt,
        url: `/branch/regional/needs/${n.id}`,
        acl: regionalAcl({ regionId: n.regionId, org: ref(n.org) }),
      }));
    }
    case "resource": {
      const rows = await tx.resource.findMany({
        where: { ...idFilter, active: true },
        ...paging,
        select: {
          id: true,
          title: true,
          description: true,
          category: true,
          kind: true,
          limits: true,
          regionId: true,
          createdAt: true,
          org: { select: orgSelect },
        },
      });
      return rows.map((r) => ({
        type,
        id: r.id,
        title: r.title,
        body: [r.description, r.limits].filter(Boolean).join("\n"),
        keywords: [
          t(`regional.category.${r.category}` as MessageKey),
          t(`regional.kind.${r.kind}` as MessageKey),
          t("regional.resources"),
        ],
        orgId: r.org.id,
        orgName: r.org.name,
        at: r.createdAt,
        url: `/branch/regional/resources/${r.id}`,
        acl: regionalAcl({ regionId: r.regionId, org: ref(r.org) }),
      }));
    }
  }
}

/** Uploaded files' names, visible to whoever sees what they are attached to. */
async function fileDocuments(
  tx: DbTx,
  ids: readonly string[] | null,
  page?: { after?: string; take: number },
): Promise<SearchDocument[]> {
  const owners = ["MEETING", "TASK", "COURSE"] as const;
  const rows = await tx.attachment.findMany({
    where: { ownerType: { in: [...owners] }, id: ids ? { in: [...ids] } : { gt: page?.after ?? ZERO_UUID } },
    orderBy: { id: "asc" },
    take: ids ? ids.length : (page?.take ?? 1000),
    select: { id: true, ownerType: true, ownerId: true, fileName: true, createdAt: true },
  });
  const docs: SearchDocument[] = [];
  const byOwner = async (type: SearchType, ownerIds: string[]) =>
    new Map((await buildDocuments(tx, type, ownerIds)).map((d) => [d.id, d]));
  const meetings = await byOwner(
    "meeting",
    rows.filter((r) => r.ownerType === "MEETING").map((r) => r.ownerId),
  );
  const tasks = new Map([
    ...(await byOwner(
      "task",
      rows.filter((r) => r.ownerType === "TASK").map((r) => r.ownerId),
    )),
    ...(await byOwner(
      "notice",
      rows.filter((r) => r.ownerType === "TASK").map((r) => r.ownerId),
    )),
  ]);
  const courses = await byOwner(
    "course",
    rows.filter((r) => r.ownerType === "COURSE").map((r) => r.ownerId),
  );
  for (const row of rows) {
    const owner = (row.ownerType === "MEETING" ? meetings : row.ownerType === "TASK" ? tasks : courses).get(
      row.ownerId,
    );
    if (!owner) continue;
    docs.push({
      type: "file",
      id: row.id,
      title: row.fileName.replace(/\.[A-Za-z0-9]{1,5}$/, ""),
      keywords: [owner.title],
      orgId: owner.orgId,
      orgName: owner.orgName,
      at: row.createdAt,
      url: owner.url,
      acl: owner.acl,
    });
  }
  return docs;
}

/**
 * Rebuilds the documents of `refs` inside the caller's transaction: upserts those whose fact
 * exists, deletes the others.
 */
export async function indexInTx(tx: DbTx, refs: readonly SearchRef[]): Promise<void> {
  if (refs.length === 0) return;
  const engine = embeddedEngine(tx);
  const byType = new Map<SearchType, Set<string>>();
  for (const r of refs) {
    if (!byType.has(r.type)) byType.set(r.type, new Set());
    byType.get(r.type)!.add(r.id);
  }
  for (const [type, idSet] of byType) {
    const ids = [...idSet];
    const docs = await buildDocuments(tx, type, ids);
    await engine.upsert(docs);
    const found = new Set(docs.map((d) => d.id));
    await engine.delete(ids.filter((id) => !found.has(id)).map((id) => ({ type, id })));
  }
  // the same keys for the external engine, if there is one (sync.ts); cheap and bounded (one row per document)
  await enqueueForSync(tx, refs);
}
