// The largest functions of the repository, by lines (issue 15: "the five largest functions before
// and after"). Reads every TypeScript file git tracks (generated code and node_modules left out)
// with the TypeScript compiler's parser and prints a Markdown table.
// Usage: pnpm --filter @dangjian/bench run house:functions [-- --most 10] [-- --repo DIR]
import { execFileSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import ts from "typescript";
import { markdownTable } from "../table.ts";

const args = process.argv.slice(2);
const option = (name: string, fallback: string) => {
  const i = args.indexOf(name);
  return i >= 0 && args[i + 1] ? args[i + 1]! : fallback;
};
const repo = option("--repo", execFileSync("git", ["rev-parse", "--show-toplevel"], { encoding: "utf8" }).trim());
const most = Number(option("--most", "5"));

const files = execFileSync("git", ["ls-files", "*.ts", "*.tsx"], { cwd: repo, encoding: "utf8" })
  .split("\n")
  .filter((f) => f && !f.includes("/generated/") && !f.endsWith(".d.ts"));

interface Found {
  name: string;
  file: string;
  line: number;
  lines: number;
}

function nameOf(node: ts.Node, sf: ts.SourceFile): string {
  if ((ts.isFunctionDeclaration(node) || ts.isMethodDeclaration(node)) && node.name) return node.name.getText(sf);
  const parent = node.parent;
  if (ts.isVariableDeclaration(parent)) return parent.name.getText(sf);
  if (ts.isPropertyAssignment(parent) || ts.isPropertyDeclaration(parent)) return parent.name.getText(sf);
  if (ts.isCallExpression(parent)) return `(callback of ${parent.expression.getText(sf).slice(0, 40)})`;
  return "(anonymous)";
}

const found: Found[] = [];
for (const file of files) {
  const text = readFileSync(join(repo, file), "utf8");
  const sf = ts.createSourceFile(
    file,
    text,
    ts.ScriptTarget.Latest,
    true,
    file.endsWith(".tsx") ? ts.ScriptKind.TSX : ts.ScriptKind.TS,
  );
  const visit = (node: ts.Node) => {
    if (
      ts.isFunctionDeclaration(node) ||
      ts.isMethodDeclaration(node) ||
      ts.isArrowFunction(node) ||
      ts.isFunctionExpression(node)
    ) {
      const start = sf.getLineAndCharacterOfPosition(node.getStart(sf)).line;
      const end = sf.getLineAndCharacterOfPosition(node.getEnd()).line;
      found.push({ name: nameOf(node, sf), file, line: start + 1, lines: end - start + 1 });
    }
    ts.forEachChild(node, visit);
  };
  visit(sf);
}

found.sort((a, b) => b.lines - a.lines);
console.log(
  markdownTable(
    ["function", "file", "lines"],
    found.slice(0, most).map((f) => [f.name, `${f.file}:${f.line}`, f.lines]),
  ),
);
