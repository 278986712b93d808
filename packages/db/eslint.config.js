import base from "@dangjian/config/eslint";

// scripts/ are developer tooling run from a shell: they read DATABASE_URL directly.
export default [...base, { files: ["scripts/**"], rules: { "no-restricted-properties": "off" } }];
