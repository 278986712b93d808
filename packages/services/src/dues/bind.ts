// The dues use cases bound to one set of dependencies; createServices() exposes them as services.dues.
import type { ServiceDeps } from "../deps.ts";

export function bindDues(_deps: ServiceDeps) {
  return {};
}
