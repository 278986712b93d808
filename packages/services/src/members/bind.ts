// The members use cases bound to one set of dependencies; createServices() exposes them as services.members.
import type { Actor } from "../actor.ts";
import type { ServiceDeps } from "../deps.ts";
import { lagTolerant } from "../reads.ts";
import { importMembers, importTemplate } from "./import.ts";
import {
  addMember,
  decideTransfer,
  listMembers,
  requestTransfer,
  revealMember,
  setLostContact,
  transferTargets,
  updateMember,
  type MemberFields,
  type MemberUpdate,
} from "./members.ts";

export function bindMembers(deps: ServiceDeps) {
  return {
    // the roster may lag a little (ADR 1002): a replica serves it, the secretary's own changes included
    list: (actor: Actor, input: Parameters<typeof listMembers>[2]) =>
      lagTolerant(deps, actor, (reads) => listMembers(reads, actor, input)),
    add: (actor: Actor, input: MemberFields & { branchId?: string | undefined }) => addMember(deps, actor, input),
    update: (actor: Actor, input: MemberUpdate) => updateMember(deps, actor, input),
    reveal: (actor: Actor, input: { memberId: string; field: "idNumber" | "phone" }) =>
      revealMember(deps, actor, input),
    setLostContact: (actor: Actor, input: { memberId: string; lost: boolean }) => setLostContact(deps, actor, input),
    transferTargets: (actor: Actor, input: { orgId?: string | undefined; query: string }) =>
      transferTargets(deps, actor, input),
    requestTransfer: (actor: Actor, input: { memberId: string; toOrgId: string; reason: string }) =>
      requestTransfer(deps, actor, input),
    decideTransfer: (
      actor: Actor,
      input: { transferId: string; approve: boolean; reason?: string | null | undefined },
    ) => decideTransfer(deps, actor, input),
    importTemplate: () => importTemplate(),
    import: (actor: Actor, input: { orgId?: string | undefined; file: Uint8Array }) =>
      importMembers(deps, actor, input),
  };
}
