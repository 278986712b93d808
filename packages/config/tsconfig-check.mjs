#!/usr/bin/env node
// Writes (or with --verify, checks) each workspace package's tsconfig.check.json: the fast lane's
// TypeScript project (ADR 1105). It extends the package's tsconfig.json, emits declarations only
// (into node_modules/.cache/tsc/types) and references every workspace package it depends on,
// directly or not, so that `tsc -b` type-checks each package once and its dependents against the
// emitted .d.ts files. References must be transitive: tsc -b decides whether a project is up to date
// from its direct references' declarations only.
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");
/**
 * Imports by relative path into another package (not through package.json): e2e reads demo data.
 * turbo.json orders `@dangjian/e2e#check:types` after these packages' checks to match.
 */
const EXTRA = { "@dangjian/e2e": ["@dangjian/core", "@dangjian/seed"] };

const workspaces = ["apps", "packages", "infra"]
  .flatMap((group) => fs.readdirSync(path.join(root, group)).map((name) => `${group}/${name}`))
  .concat(["e2e", "bench"]);
const packages = new Map();
for (const dir of workspaces) {
  const pkgFile = path.join(root, dir, "package.json");
  if (!fs.existsSync(pkgFile) || !fs.existsSync(path.join(root, dir, "tsconfig.json"))) continue;
  const pkg = JSON.parse(fs.readFileSync(pkgFile, "utf8"));
  const names = Object.keys({ ...pkg.dependencies, ...pkg.devDependencies, ...pkg.peerDependencies });
  packages.set(pkg.name, { dir, deps: [...names, ...(EXTRA[pkg.name] ?? [])], exports: pkg.exports ?? {} });
}

function below(name, seen = new Set()) {
  for (const dep of packages.get(name).deps) {
    if (packages.has(dep) && !seen.has(dep)) {
      seen.add(dep);
      below(dep, seen);
    }
  }
  return seen;
}

/**
 * Every workspace package below, mapped to its TypeScript entry points. An emitted .d.ts may name a
 * package its own package does not depend on (`import("@dangjian/db").PaymentMethod` in the API's):
 * through node_modules that would not resolve, and with skipLibCheck the type would silently become
 * `any`. These paths resolve it, from any file, to the same source file (whose .d.ts tsc then reads).
 */
function pathsOf(dir, deps) {
  const paths = {};
  for (const dep of deps) {
    const { dir: depDir, exports } = packages.get(dep);
    for (const [subpath, target] of Object.entries(typeof exports === "string" ? { ".": exports } : exports)) {
      const file = typeof target === "string" ? target : (target.types ?? target.default);
      if (!/\.tsx?$/.test(file) || file.endsWith(".d.ts")) continue;
      paths[dep + subpath.slice(1)] = [path.relative(dir, path.join(depDir, file))];
    }
  }
  return paths;
}

const referenced = new Set([...packages.keys()].flatMap((name) => [...below(name)]));
const verify = process.argv.includes("--verify");
const stale = [];
for (const [name, { dir }] of packages) {
  const deps = [...below(name)].sort((a, b) => packages.get(a).dir.localeCompare(packages.get(b).dir));
  const references = deps.map((dep) => ({ path: path.relative(dir, `${packages.get(dep).dir}/tsconfig.check.json`) }));
  // a package others reference emits its declarations; a package nothing references (an app, e2e,
  // bench) is only checked, incrementally
  const output = referenced.has(name)
    ? { composite: true, noEmit: false, emitDeclarationOnly: true, declarationDir: "node_modules/.cache/tsc/types" }
    : { incremental: true };
  const config = {
    extends: "./tsconfig.json",
    compilerOptions: {
      ...output,
      tsBuildInfoFile: "node_modules/.cache/tsc/check.tsbuildinfo",
      paths: pathsOf(dir, deps),
    },
    references,
  };
  const file = path.join(root, dir, "tsconfig.check.json");
  const existing = fs.existsSync(file) ? JSON.parse(fs.readFileSync(file, "utf8")) : null;
  if (JSON.stringify(existing) === JSON.stringify(config)) continue;
  if (verify) stale.push(path.relative(root, file));
  else fs.writeFileSync(file, `${JSON.stringify(config, null, 2)}\n`);
}
if (stale.length > 0) {
  console.error(`out of date (run node packages/config/tsconfig-check.mjs): ${stale.join(", ")}`);
  process.exit(1);
}
