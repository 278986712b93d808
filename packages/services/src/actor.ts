import { AppError, can, canAnywhere, type Grant, type OrgRef, type Permission } from "@dangjian/core";
import type { ServiceDeps } from "./deps.ts";

export interface ActorGrant extends Grant {
  orgName: string;
  orgAncestorIds: string[];
}

/** Who is acting: resolved from the session once per request, passed to every use case. */
export interface Actor {
  accountId: string;
  sessionId: string;
  displayName: string;
  memberId: string | null;
  branchId: string | null;
  branchName: string | null;
  grants: ActorGrant[];
  /**
   * The WAL position of this session's newest write (ADR 1002): reads that may go to a replica
   * go there only once it has replayed past it. Set after a write; carried between requests by
   * the caller (the gateway keeps it in a cookie). Unset = nothing to wait for.
   */
  readAfterLsn?: string | undefined;
}

/**
 * An actor not behind a login session (a background job acting for an account, a benchmark, a
 * test): no branch, a member only when given, and only the grants given.
 */
export function actorWithoutSession(input: {
  accountId: string;
  sessionId: string;
  displayName?: string;
  memberId?: string;
  grants?: ActorGrant[];
}): Actor {
  return {
    accountId: input.accountId,
    sessionId: input.sessionId,
    displayName: input.displayName ?? "",
    memberId: input.memberId ?? null,
    branchId: null,
    branchName: null,
    grants: input.grants ?? [],
  };
}

export async function loadOrgRef(deps: ServiceDeps, orgId: string): Promise<OrgRef & { name: string }> {
  const org = await deps.db.org.findUnique({
    where: { id: orgId },
    select: { id: true, name: true, ancestorIds: true },
  });
  if (!org) throw new AppError("NOT_FOUND", "error.orgNotFound");
  return org;
}

/**
 * The one check every procedure and loader goes through. An organisation the actor may not
 * see is reported as forbidden (not as missing) only once it is known to exist.
 */
export async function authorize(
  deps: ServiceDeps,
  actor: Actor,
  permission: Permission,
  orgId: string,
): Promise<OrgRef & { name: string }> {
  const org = await loadOrgRef(deps, orgId);
  if (!can(actor.grants, permission, org)) throw new AppError("FORBIDDEN", "error.orgForbidden");
  return org;
}

export function authorizeAnywhere(actor: Actor, permission: Permission): void {
  if (!canAnywhere(actor.grants, permission)) throw new AppError("FORBIDDEN", "error.forbidden");
}
