// The partnerships use cases bound to one set of dependencies; createServices() exposes them as services.partnerships.
import type { ServiceDeps } from "../deps.ts";

export function bindPartnerships(_deps: ServiceDeps) {
  return {};
}
