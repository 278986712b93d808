/** Architecture rules, checked by `npm test` (lint step). See docs/architecture.md. */
module.exports = {
  forbidden: [
    {
      name: "only-services-touch-the-database",
      comment:
        "Only packages/services (and the db package itself, plus dev tooling that migrates and seeds: packages/seed, infra/dev, bench) may import the Prisma client.",
      severity: "error",
      from: { pathNot: "^(packages/(services|db|seed)|infra/dev|bench)/" },
      to: { path: "^packages/db/|^@dangjian/db|^@prisma/|node_modules/(@prisma|\\.pnpm/@prisma)" },
    },
    {
      name: "core-is-pure",
      comment: "packages/core holds pure domain logic: no database, no I/O packages, no other workspace packages.",
      severity: "error",
      from: { path: "^packages/core/src" },
      to: { path: "^(packages/(db|services|api|storage|ui|search)|apps|infra)/|node_modules/(pg|@prisma|@aws-sdk)" },
    },
    {
      name: "apps-go-through-the-api",
      comment: "Web apps reach data only through the tRPC caller the gateway puts in their load context.",
      severity: "error",
      from: { path: "^apps/(branch|school|card)/" },
      to: { path: "^packages/(services|db|storage)/" },
    },
    {
      name: "api-does-not-reach-storage",
      comment:
        "Procedures are thin: files go through the services (upload use cases), never straight to S3 (ADR 1103).",
      severity: "error",
      from: { path: "^packages/api/" },
      to: { path: "^packages/storage/|^@dangjian/storage" },
    },
    {
      name: "services-do-not-know-their-callers",
      comment: "Use cases do not import the API layer or UI components; they are called by them (ADR 1103).",
      severity: "error",
      from: { path: "^packages/services/" },
      to: { path: "^packages/(api|ui)/|^@dangjian/(api|ui)|^apps/" },
    },
    {
      name: "no-unresolvable",
      comment: "An import that cannot be resolved is a missing dependency in package.json.",
      severity: "error",
      from: {},
      // ./+types/<route> are React Router's generated route types (tsconfig rootDirs), type-only
      to: { couldNotResolve: true, pathNot: ["\\?(url|raw|inline)$", "^\\./\\+types/"] },
    },
    {
      name: "no-circular",
      severity: "error",
      from: {},
      to: { circular: true },
    },
  ],
  options: {
    doNotFollow: { path: "node_modules" },
    exclude: { path: "(^|/)(node_modules|build|dist|generated|\\.react-router|\\.data|test-results)/" },
    // type-only imports count too: `import type { Db }` couples layers as much as a value import
    tsPreCompilationDeps: true,
    combinedDependencies: false,
    enhancedResolveOptions: {
      exportsFields: ["exports"],
      conditionNames: ["import", "require", "node", "default", "types"],
      extensions: [".ts", ".tsx", ".js", ".mjs", ".cjs", ".d.ts"],
    },
  },
};
