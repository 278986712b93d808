// The school use cases bound to one set of dependencies; createServices() exposes them as services.school.
import type { Actor } from "../actor.ts";
import type { ServiceDeps } from "../deps.ts";
import { catalogue } from "./catalogue.ts";

export function bindSchool(deps: ServiceDeps) {
  return {
    catalogue: (actor: Actor, input: { category?: string | undefined }) => catalogue(deps, actor, input),
  };
}
