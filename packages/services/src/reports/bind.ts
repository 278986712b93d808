// The reports use cases bound to one set of dependencies; createServices() exposes them as services.reports.
import type { ServiceDeps } from "../deps.ts";

export function bindReports(_deps: ServiceDeps) {
  return {};
}
