import base from "@dangjian/config/eslint";

// Dev tooling orchestrates processes and reads the operator's environment directly.
export default [...base, { rules: { "no-restricted-properties": "off" } }];
