// Small helpers shared by the ledger domains (dues, tasks, members, reports).
import { AppError, type Permission } from "@dangjian/core";
import { Prisma } from "@dangjian/db";
import { authorize, type Actor } from "../actor.ts";
import type { ServiceDeps } from "../deps.ts";

/** The organisation a branch-level use case acts on: the given one or the actor's branch. */
export function orgOrOwnBranch(actor: Actor, orgId: string | undefined): string {
  const id = orgId ?? actor.branchId;
  if (!id) throw new AppError("FORBIDDEN", "member.notAMember");
  return id;
}

/** A member of an organisation the actor holds `permission` on (their current branch decides). */
export async function authorizeMember(deps: ServiceDeps, actor: Actor, permission: Permission, memberId: string) {
  const member = await deps.db.member.findUnique({ where: { id: memberId } });
  if (!member) throw new AppError("NOT_FOUND", "members.errorNotFound");
  await authorize(deps, actor, permission, member.branchId);
  return member;
}

/** Members of an organisation and the branches below it (a general branch sees its sub-branches). */
export function membersOf(orgId: string) {
  return {
    active: true,
    branch: { OR: [{ id: orgId }, { ancestorIds: { has: orgId } }] },
  } satisfies Prisma.MemberWhereInput;
}

export function isUniqueViolation(error: unknown, field?: string): boolean {
  if (!(error instanceof Prisma.PrismaClientKnownRequestError) || error.code !== "P2002") return false;
  if (!field) return true;
  const target = JSON.stringify(error.meta ?? {});
  return target.includes(field);
}

/** Retries a use case whose transaction lost a race on a unique number (receipt, member number). */
export async function retryOnUnique<T>(field: string, attempts: number, run: () => Promise<T>): Promise<T> {
  for (let i = 1; ; i++) {
    try {
      return await run();
    } catch (error) {
      if (i >= attempts || !isUniqueViolation(error, field)) throw error;
    }
  }
}
