// The reports use cases bound to one set of dependencies; createServices() exposes them as services.reports.
import type { Actor } from "../actor.ts";
import type { ServiceDeps } from "../deps.ts";
import { yearReport, yearWorkbook } from "./year.ts";

export function bindReports(deps: ServiceDeps) {
  return {
    year: (actor: Actor, input: { orgId?: string | undefined; year: number }) => yearReport(deps, actor, input),
    workbook: (actor: Actor, input: { orgId?: string | undefined; year: number }) => yearWorkbook(deps, actor, input),
  };
}
