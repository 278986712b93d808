// The partnerships use cases bound to one set of dependencies; createServices() exposes them as services.partnerships.
import type { Actor } from "../actor.ts";
import type { ServiceDeps } from "../deps.ts";
import { committeeLinks, createLink, decideLink, partnersOf, searchOrgs, type CreateLinkInput } from "./links.ts";

export function bindPartnerships(deps: ServiceDeps) {
  return {
    create: (actor: Actor, input: CreateLinkInput) => createLink(deps, actor, input),
    decide: (actor: Actor, input: { linkId: string; accept: boolean }) => decideLink(deps, actor, input),
    search: (actor: Actor, input: { q: string }) => searchOrgs(deps, actor, input),
    ofOrg: (actor: Actor, input: { orgId?: string | undefined }) => partnersOf(deps, actor, input),
    committee: (actor: Actor) => committeeLinks(deps, actor),
  };
}
