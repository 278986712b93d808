// Inhibition (docs/warnings.md): while a township has an organisation-wide critical warning, its
// branches' warnings of the same kind are grouped under it instead of listed one by one. A
// township-wide warning is a fact about the area, not about any one branch: at least half of its
// judged branches (and at least AREA_MIN_BRANCHES) are critical on the same organisation rule. It
// recovers when the share falls below AREA_RECOVER (hysteresis, like every rule), and it goes
// through the same lifecycle, history and critical-task path as the branches' own warnings.
import type { RuleResult } from "./evaluate.ts";
import { t } from "../messages/index.ts";
import { DEFAULT_RULES, type RuleId } from "./rules.ts";

/** Organisation rules whose branch warnings a township-wide warning can group. */
export const AREA_RULES = ["O1", "O2", "O4", "O6", "O7"] as const satisfies readonly RuleId[];
export type AreaRuleId = (typeof AREA_RULES)[number];
/** share of the township's branches critical on a rule for the township-wide warning */
export const AREA_FIRE = 0.5;
/** below this share it recovers */
export const AREA_RECOVER = 0.4;
/** fewer critical branches than this are listed one by one whatever the share */
export const AREA_MIN_BRANCHES = 3;

export interface AreaSignals {
  /** the township (乡镇街道党委) */
  readonly areaId: string;
  /** judged branches under it */
  readonly branches: number;
  /** per rule, the branches whose warning of that rule is firing at critical severity */
  readonly critical: Readonly<Partial<Record<AreaRuleId, readonly string[]>>>;
}

/** One result per (area rule, township): critical when enough of its branches are critical. */
export function evaluateAreas(areas: readonly AreaSignals[]): RuleResult[] {
  const out: RuleResult[] = [];
  for (const area of areas) {
    for (const ruleId of AREA_RULES) {
      const critical = area.critical[ruleId] ?? [];
      const share = area.branches > 0 ? critical.length / area.branches : 0;
      const fires = critical.length >= AREA_MIN_BRANCHES && share >= AREA_FIRE;
      // nothing to say and nothing to recover from: no result (an open warning without one is resolved)
      if (!fires && critical.length === 0) continue;
      out.push({
        ruleId,
        subjectType: "AREA",
        subjectId: area.areaId,
        orgId: area.areaId,
        condition: fires ? "CRITICAL" : null,
        recovered: share < AREA_RECOVER || critical.length < AREA_MIN_BRANCHES,
        noData: false,
        value: share,
        params: {
          rule: t(DEFAULT_RULES[ruleId].titleKey),
          count: critical.length,
          total: area.branches,
          share: Math.round(share * 100),
        },
        evidence: { branches: [...critical].sort(), total: area.branches },
        messageKey: "warnings.msg.area",
        actionKey: "warnings.action.area",
      });
    }
  }
  return out;
}
