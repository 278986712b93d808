// R1 (区域化党建): open needs nobody claimed are a weak spot of their area. For each township the
// value is how many days its oldest unclaimed open need has waited; the rule fires at the tuned
// `warn` days (30 by default), critical at `crit`, and recovers once no need has waited that long
// (claimed, withdrawn or closed). Pure: the services read the needs, this judges them.
import type { RuleResult, Settings } from "./evaluate.ts";
import { classify, effectiveThresholds } from "./rules.ts";

export interface AreaOpenNeeds {
  /** the township (乡镇街道党委) the needs' holders belong to */
  readonly areaId: string;
  /** open, unclaimed needs of organisations below it */
  readonly needs: ReadonlyArray<{ id: string; postedAt: Date }>;
}

const DAY_MS = 86_400_000;

export function evaluateOpenNeeds(
  areas: readonly AreaOpenNeeds[],
  settingsOf: (areaId: string) => Settings | undefined,
  now: Date,
): RuleResult[] {
  const out: RuleResult[] = [];
  for (const area of areas) {
    const r1 = effectiveThresholds("R1", settingsOf(area.areaId));
    const ages = area.needs.map((n) => ({
      id: n.id,
      days: Math.max(0, Math.floor((now.getTime() - n.postedAt.getTime()) / DAY_MS)),
    }));
    const oldest = ages.reduce((a, n) => Math.max(a, n.days), 0);
    const c = classify(oldest, r1);
    // nothing waiting at all: no result (an open warning without one is resolved)
    if (ages.length === 0) continue;
    const stale = ages.filter((n) => n.days >= r1.warn).sort((a, b) => b.days - a.days || (a.id < b.id ? -1 : 1));
    out.push({
      ruleId: "R1",
      subjectType: "AREA",
      subjectId: area.areaId,
      orgId: area.areaId,
      condition: c.condition,
      recovered: c.recovered,
      noData: false,
      value: oldest,
      params: { count: stale.length, days: oldest, warn: r1.warn },
      evidence: { needs: stale.slice(0, 50).map((n) => n.id), open: ages.length },
    });
  }
  return out;
}
