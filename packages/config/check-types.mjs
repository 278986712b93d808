#!/usr/bin/env node
// The fast lane's type check of one package (ADR 1105), run in the package's directory:
// `tsc -b tsconfig.check.json`, then a check that every module the emitted declarations import
// resolves from where they are. skipLibCheck (which keeps third-party declarations out of every
// program) also hides a .d.ts import that does not resolve, and the type behind it would silently
// become `any` in every package above: that would let the fast lane miss errors the full lane sees.
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import { builtinModules, createRequire } from "node:module";
import path from "node:path";

const project = path.resolve("tsconfig.check.json");
const require = createRequire(project);
const tsc = spawnSync(
  process.execPath,
  [require.resolve("typescript/bin/tsc"), "-b", project, ...process.argv.slice(2)],
  {
    stdio: "inherit",
  },
);
if (tsc.status !== 0) process.exit(tsc.status ?? 1);

const ts = require("typescript");
const parsed = ts.getParsedCommandLineOfConfigFile(
  project,
  {},
  { ...ts.sys, onUnRecoverableConfigFileDiagnostic() {} },
);
const outDir = parsed?.options.declarationDir;
if (!outDir || !fs.existsSync(outDir)) process.exit(0);

const host = ts.sys;
const cache = ts.createModuleResolutionCache(process.cwd(), (name) => name, parsed.options);
const unresolved = [];
for (const entry of fs.readdirSync(outDir, { recursive: true, withFileTypes: true })) {
  if (!entry.isFile() || !entry.name.endsWith(".d.ts")) continue;
  const file = path.join(entry.parentPath, entry.name);
  const { importedFiles, typeReferenceDirectives } = ts.preProcessFile(fs.readFileSync(file, "utf8"), true, true);
  for (const specifier of importedFiles.map((imported) => imported.fileName)) {
    if (specifier.startsWith("node:") || builtinModules.includes(specifier.split("/")[0])) continue; // @types/node
    const { resolvedModule } = ts.resolveModuleName(specifier, file, parsed.options, host, cache);
    if (!resolvedModule) unresolved.push(`${path.relative(process.cwd(), file)}: "${specifier}"`);
  }
  for (const { fileName: name } of typeReferenceDirectives) {
    const { resolvedTypeReferenceDirective } = ts.resolveTypeReferenceDirective(name, file, parsed.options, host);
    if (!resolvedTypeReferenceDirective) unresolved.push(`${path.relative(process.cwd(), file)}: types="${name}"`);
  }
}
if (unresolved.length > 0) {
  console.error(
    "Emitted declarations import modules that do not resolve from there; their types would become `any` above this package.\n" +
      "Name the type with an explicit annotation (or export it from a module this package depends on):\n  " +
      [...new Set(unresolved)].join("\n  "),
  );
  process.exit(1);
}
