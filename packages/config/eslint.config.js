// Shared ESLint flat config for every package: TypeScript rules (type-checked where they catch
// real bugs: promises nobody awaits, promises passed where a plain callback is expected), the
// rules of React hooks, and the house rules that keep configuration in one place (no process.env
// outside env modules). ADR 1103.
import js from "@eslint/js";
import tseslint from "typescript-eslint";
import globals from "globals";
import reactHooks from "eslint-plugin-react-hooks";

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
    // type-aware rules: each file is checked with its own package's tsconfig.json
    files: ["**/*.ts", "**/*.tsx", "**/*.mts"],
    languageOptions: { parserOptions: { projectService: true } },
    rules: {
      "@typescript-eslint/no-floating-promises": "error",
      "@typescript-eslint/no-misused-promises": "error",
    },
  },
  {
    files: ["**/*.tsx"],
    plugins: { "react-hooks": reactHooks },
    rules: { "react-hooks/rules-of-hooks": "error", "react-hooks/exhaustive-deps": "error" },
  },
  {
    // Only the composition roots hold the raw Prisma client: createServices() in packages/services
    // builds `deps` and the use cases receive it; apps, the API and the UI go through the use cases
    // (ADR 1103). packages/services and bench turn this off in their own eslint.config.js.
    files: ["src/**", "app/**"],
    rules: {
      "no-restricted-syntax": [
        "error",
        {
          selector: "MemberExpression[object.property.name='deps'][property.name='db']",
          message: "数据库客户端只在组合根（services 的 createServices）中使用；请调用 services 的用例",
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
