import base from "@dangjian/config/eslint";

// End-to-end specs are test tooling: they read the URL and database npm test hands them.
export default [
  ...base,
  { ignores: ["test-results/**", "playwright-report/**"] },
  { rules: { "no-restricted-properties": "off" } },
];
