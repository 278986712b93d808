import { z } from "zod";
import { AppError, committeeGrant } from "@dangjian/core";
import type { OrgKind, OrgLevel, OrgSector } from "@dangjian/db";
import { authorize, type Actor } from "../actor.ts";
import type { ServiceDeps } from "../deps.ts";

export interface SubtreeNode {
  id: string;
  name: string;
  kind: OrgKind;
  level: OrgLevel;
  sector: OrgSector;
  parentId: string | null;
  depth: number;
  memberCount: number;
  subtreeMemberCount: number;
}

export const subtreeInput = z.object({ rootId: z.uuid().optional() });

/** The organisation tree below `rootId` (default: the actor's highest committee), with member counts. */
export async function subtree(
  deps: ServiceDeps,
  actor: Actor,
  input: z.input<typeof subtreeInput>,
): Promise<{ rootId: string; nodes: SubtreeNode[] }> {
  const rootId = input.rootId ?? committeeGrant(actor.grants)?.orgId ?? actor.branchId;
  if (!rootId) throw new AppError("FORBIDDEN", "error.forbidden");
  await authorize(deps, actor, "org.view", rootId);

  const orgs = await deps.db.org.findMany({
    where: { active: true, OR: [{ id: rootId }, { ancestorIds: { has: rootId } }] },
    select: {
      id: true,
      name: true,
      kind: true,
      level: true,
      sector: true,
      parentId: true,
      depth: true,
      path: true,
      ancestorIds: true,
      sortOrder: true,
    },
    orderBy: [{ path: "asc" }],
  });
  const counts = await deps.db.member.groupBy({
    by: ["branchId"],
    where: { active: true, branchId: { in: orgs.map((o) => o.id) } },
    _count: { _all: true },
  });
  const direct = new Map(counts.map((c) => [c.branchId, c._count._all]));
  const subtreeTotals = new Map<string, number>();
  for (const org of orgs) {
    const n = direct.get(org.id) ?? 0;
    subtreeTotals.set(org.id, (subtreeTotals.get(org.id) ?? 0) + n);
    for (const ancestor of org.ancestorIds) subtreeTotals.set(ancestor, (subtreeTotals.get(ancestor) ?? 0) + n);
  }
  return {
    rootId,
    nodes: sortTree(orgs).map((o) => ({
      id: o.id,
      name: o.name,
      kind: o.kind,
      level: o.level,
      sector: o.sector,
      parentId: o.parentId,
      depth: o.depth,
      memberCount: direct.get(o.id) ?? 0,
      subtreeMemberCount: subtreeTotals.get(o.id) ?? 0,
    })),
  };
}

/** Depth-first order with siblings by sortOrder then name (paths of uuids do not sort by meaning). */
function sortTree<T extends { id: string; parentId: string | null; sortOrder: number; name: string }>(orgs: T[]): T[] {
  const ids = new Set(orgs.map((o) => o.id));
  const children = new Map<string | null, T[]>();
  for (const org of orgs) {
    const key = org.parentId && ids.has(org.parentId) ? org.parentId : null;
    children.set(key, [...(children.get(key) ?? []), org]);
  }
  for (const list of children.values())
    list.sort((a, b) => a.sortOrder - b.sortOrder || a.name.localeCompare(b.name, "zh-CN"));
  const out: T[] = [];
  const stack = [...(children.get(null) ?? [])].reverse();
  while (stack.length) {
    const org = stack.pop()!;
    out.push(org);
    stack.push(...[...(children.get(org.id) ?? [])].reverse());
  }
  return out;
}
