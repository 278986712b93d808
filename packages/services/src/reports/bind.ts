// The reports use cases bound to one set of dependencies; createServices() exposes them as services.reports.
import type { Actor } from "../actor.ts";
import type { ServiceDeps } from "../deps.ts";
import { lagTolerant } from "../reads.ts";
import { yearReport, yearWorkbook } from "./year.ts";

export function bindReports(deps: ServiceDeps) {
  return {
    // the year's report may lag a little (ADR 1002); the workbook download is audited, so it stays on the primary
    year: (actor: Actor, input: { orgId?: string | undefined; year: number }) =>
      lagTolerant(deps, actor, (reads) => yearReport(reads, actor, input)),
    workbook: (actor: Actor, input: { orgId?: string | undefined; year: number }) => yearWorkbook(deps, actor, input),
  };
}
