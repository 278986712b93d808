// Shared ESLint flat config for every package: TypeScript rules plus the house rules
// that keep configuration in one place (no process.env outside env modules).
import js from "@eslint/js";
import tseslint from "typescript-eslint";
import globals from "globals";

export default tseslint.config(
  { ignores: ["**/build/**", "**/dist/**", "**/generated/**", "**/.react-router/**", "**/node_modules/**"] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.node, ...globals.browser } },
    rules: {
      "@typescript-eslint/no-unused-vars": ["error", { argsIgnorePattern: "^_", varsIgnorePattern: "^_" }],
      "@typescript-eslint/consistent-type-imports": "error",
      "no-restricted-properties": [
        "error",
        {
          object: "process",
          property: "env",
          message: "读取环境变量请通过 env 模块（@t3-oss/env-core），见 docs/architecture.md",
        },
      ],
    },
  },
  {
    // The env modules and dev tooling are the only places that read process.env.
    files: [
      "**/env.ts",
      "**/infra/dev/**",
      "**/*.config.ts",
      "**/*.config.js",
      "**/bench/**",
      "**/e2e/**",
      "**/test/**",
    ],
    rules: { "no-restricted-properties": "off" },
  },
);
