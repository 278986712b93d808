// Writes a benchmark's table into its own marked block of docs/benchmarks.md (the warnings section).
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const DOC = join(dirname(fileURLToPath(import.meta.url)), "..", "..", "..", "docs", "benchmarks.md");
const SECTION = "## Warnings and the network (issue 4)";

export function writeBlock(name: string, markdown: string): void {
  let doc = existsSync(DOC) ? readFileSync(DOC, "utf8") : "# Benchmarks\n";
  if (!doc.includes(SECTION))
    doc = `${doc.trimEnd()}\n\n${SECTION}\n\nMachine: 2 shared cores (four sessions working at once), Node 20, PostgreSQL 15. Each block says the command that produced it.\n`;
  const start = `<!-- warnings:${name}:start -->`;
  const end = `<!-- warnings:${name}:end -->`;
  const block = `${start}\n${markdown.trim()}\n${end}`;
  const i = doc.indexOf(start);
  const j = doc.indexOf(end);
  doc = i >= 0 && j > i ? doc.slice(0, i) + block + doc.slice(j + end.length) : `${doc.trimEnd()}\n\n${block}\n`;
  writeFileSync(DOC, doc);
}
