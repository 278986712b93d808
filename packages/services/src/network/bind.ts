// The network use cases bound to one set of dependencies; createServices() exposes them as services.network.
import type { ServiceDeps } from "../deps.ts";

export function bindNetwork(_deps: ServiceDeps) {
  return {};
}
