// The members use cases bound to one set of dependencies; createServices() exposes them as services.members.
import type { ServiceDeps } from "../deps.ts";

export function bindMembers(_deps: ServiceDeps) {
  return {};
}
