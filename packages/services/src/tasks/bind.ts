// The tasks use cases bound to one set of dependencies; createServices() exposes them as services.tasks.
import type { ServiceDeps } from "../deps.ts";

export function bindTasks(_deps: ServiceDeps) {
  return {};
}
