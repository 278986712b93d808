import base from "@dangjian/config/eslint";

// The seed CLI is developer tooling run from a shell: it reads DATABASE_URL directly.
export default [...base, { files: ["src/cli.ts"], rules: { "no-restricted-properties": "off" } }];
