// The orglife use cases bound to one set of dependencies; createServices() exposes them as services.orglife.
import type { ServiceDeps } from "../deps.ts";

export function bindOrglife(_deps: ServiceDeps) {
  return {};
}
