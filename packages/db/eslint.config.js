import base from "@dangjian/config/eslint";

// scripts/ and the seed CLI are developer tooling run from a shell: they read DATABASE_URL directly.
export default [...base, { files: ["scripts/**", "src/seed/cli.ts"], rules: { "no-restricted-properties": "off" } }];
