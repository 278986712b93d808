import base from "@dangjian/config/eslint";

// Fault tests orchestrate processes and read the environment directly.
export default [...base, { rules: { "no-restricted-properties": "off" } }];
