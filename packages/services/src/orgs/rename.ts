// Renaming an organisation keeps the old name (OrgFormerName), so that search finds it by
// either; the search documents showing the organisation's name are updated in the same
// transaction (ADR 0603).
import { z } from "zod";
import { AppError, can } from "@dangjian/core";
import { authorize, type Actor } from "../actor.ts";
import type { ServiceDeps } from "../deps.ts";
import { indexInTx } from "../search/documents.ts";
import { orgInput } from "../inputs.ts";

const name = z.string().trim().min(2).max(100);
export const renameOrgInput = z.object({ orgId: z.uuid(), name, shortName: z.string().trim().max(30).nullish() });
export type RenameOrgInput = z.input<typeof renameOrgInput>;

export async function renameOrg(deps: ServiceDeps, actor: Actor, input: RenameOrgInput): Promise<{ renamed: boolean }> {
  const parsed = renameOrgInput.safeParse(input);
  if (!parsed.success) throw new AppError("BAD_INPUT", "org.rename.badName");
  const { orgId } = parsed.data;
  await authorize(deps, actor, "org.manage", orgId);
  const newName = parsed.data.name;
  return deps.db.$transaction(async (tx) => {
    // the row lock serialises two renames of one organisation: each records the name it replaced
    const [org] = await tx.$queryRawUnsafe<Array<{ name: string; shortName: string | null }>>(
      `SELECT name, "shortName" FROM "Org" WHERE id = $1::uuid AND active FOR UPDATE`,
      orgId,
    );
    if (!org) throw new AppError("NOT_FOUND", "error.notFound");
    const newShort = parsed.data.shortName === undefined ? org.shortName : parsed.data.shortName || null;
    if (org.name === newName && org.shortName === newShort) return { renamed: false };
    await tx.orgFormerName.create({
      data: { orgId, name: org.name, shortName: org.shortName, until: deps.now(), renamedById: actor.accountId },
    });
    await tx.org.update({ where: { id: orgId }, data: { name: newName, shortName: newShort } });
    await indexInTx(tx, [{ type: "org", id: orgId }]);
    // every other document shows the organisation's name: same text as a rebuild would give
    await tx.$executeRawUnsafe(
      `UPDATE "SearchDocument" SET "orgName" = $2, "updatedAt" = now() WHERE "orgId" = $1::uuid AND "orgName" IS DISTINCT FROM $2`,
      orgId,
      newName,
    );
    await tx.$executeRawUnsafe(
      `INSERT INTO "SearchOutbox" (key, type, "refId") SELECT key, type, "refId" FROM "SearchDocument" WHERE "orgId" = $1::uuid ON CONFLICT (key) DO NOTHING`,
      orgId,
    );
    return { renamed: true };
  });
}

export interface OrgNames {
  name: string;
  shortName: string | null;
  formerNames: Array<{ name: string; shortName: string | null; until: Date }>;
  /** the actor may rename it (org.manage on it or above) */
  canRename: boolean;
}

/** An organisation's name, short name and former names (newest first), for whoever may see it. */
export const orgNamesInput = orgInput;

export async function orgNames(
  deps: ServiceDeps,
  actor: Actor,
  input: z.input<typeof orgNamesInput>,
): Promise<OrgNames> {
  const ref = await authorize(deps, actor, "org.view", input.orgId);
  const org = await deps.db.org.findUniqueOrThrow({
    where: { id: input.orgId },
    select: {
      name: true,
      shortName: true,
      formerNames: {
        orderBy: [{ until: "desc" }, { id: "desc" }],
        take: 20,
        select: { name: true, shortName: true, until: true },
      },
    },
  });
  return {
    name: org.name,
    shortName: org.shortName,
    formerNames: org.formerNames,
    canRename: can(actor.grants, "org.manage", ref),
  };
}
