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
  type MemberUpdate,
} from "./members.ts";

export function bindMembers(deps: ServiceDeps) {
  return {
    // the roster may lag a little (ADR 1002): a replica serves it, the secretary's own changes included
    list: (actor: Actor, input: Parameters<typeof listMembers>[2]) =>
      lagTolerant(deps, actor, (reads) => listMembers(reads, actor, input)),
    add: (actor: Actor, input: Parameters<typeof addMember>[2]) => addMember(deps, actor, input),
    update: (actor: Actor, input: MemberUpdate) => updateMember(deps, actor, input),
    reveal: (actor: Actor, input: Parameters<typeof revealMember>[2]) => revealMember(deps, actor, input),
    setLostContact: (actor: Actor, input: Parameters<typeof setLostContact>[2]) => setLostContact(deps, actor, input),
    transferTargets: (actor: Actor, input: Parameters<typeof transferTargets>[2]) =>
      transferTargets(deps, actor, input),
    requestTransfer: (actor: Actor, input: Parameters<typeof requestTransfer>[2]) =>
      requestTransfer(deps, actor, input),
    decideTransfer: (actor: Actor, input: Parameters<typeof decideTransfer>[2]) => decideTransfer(deps, actor, input),
    importTemplate: () => importTemplate(),
    import: (actor: Actor, input: Parameters<typeof importMembers>[2]) => importMembers(deps, actor, input),
  };
}
