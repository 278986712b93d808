import base from "@dangjian/config/eslint";

// The use cases are where `deps.db` is meant to be used (the rule guards apps and the API).
export default [...base, { files: ["src/**"], rules: { "no-restricted-syntax": "off" } }];
