// The warning module's lists (rule ids, levels, states) for pages, without the evaluation code:
// import from "@dangjian/core/warnings" in browser code.
export { RULE_IDS, LEVELS, type RuleId, type Level } from "./rules.ts";
export { WARNING_STATES, ACTIVE_STATES, type WarningState } from "./lifecycle.ts";
