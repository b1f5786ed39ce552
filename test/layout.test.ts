// Holds the layer order that docs/layout.md states: every source file belongs to one layer, and
// its imports (type-only and dynamic ones too) reach only the layers it may see.
import { readdirSync, readFileSync } from "node:fs";
import { dirname, join, normalize } from "node:path";
import ts from "typescript";
import { test } from "uvu";
import * as assert from "uvu/assert";

interface Layer {
  /** Folders (ending in /) and files, relative to the repository root. */
  readonly paths: readonly string[];
  /** The layers it may import besides itself, each named by one of its paths; left out, every layer listed before it. */
  readonly sees?: readonly string[];
}

// Lowest first. One heading per layer in docs/layout.md, in this order, naming the same paths.
const order: readonly Layer[] = [
  { paths: ["diagnostics/"] },
  { paths: ["grammar/"] },
  { paths: ["interpreter/backends/"] },
  { paths: ["interpreter/autograd/"] },
  { paths: ["stdlib/"] },
  { paths: ["interpreter/check/", "interpreter/summary.ts"] },
  // A checked model drawn as a graph (SVG, Mermaid): pure, for the CLI and web pages alike.
  { paths: ["interpreter/diagram/"] },
  { paths: ["interpreter/runtime/", "interpreter/run.ts"] },
  // What a run leaves to look at: history files, the HTML report, diagram files.
  { paths: ["interpreter/report/"] },
  // Engines outside dl that run a checked program: generated code (PyTorch).
  { paths: ["interpreter/engines/"] },
  { paths: ["interpreter/api.ts", "interpreter/descriptions.ts"] },
  // What the benchmarks time below the API, kept out of it.
  { paths: ["interpreter/internals.ts"] },
  // The API's users, side by side: each sees the API only, never one another.
  { paths: ["cli/", "bin/"], sees: ["interpreter/api.ts"] },
  // The Prettier plugin and the editor grammar work on source text.
  { paths: ["editors/"], sees: ["interpreter/api.ts", "grammar/", "diagnostics/"] },
  // The browser playground: a web page on the API alone.
  { paths: ["playground/"], sees: ["interpreter/api.ts"] },
  { paths: ["bench/"], sees: ["interpreter/api.ts", "interpreter/internals.ts"] },
  // docs/generate-layers.ts writes docs/layers.md from the layer registry.
  { paths: ["docs/"], sees: ["stdlib/"] },
];

// Tools around the code: they may import anything, and nothing may import them.
const outside = ["test/", "scripts/"];
const sourceFile = /\.(ts|mts|js|mjs)$/;

function within(file: string, path: string): boolean {
  return path.endsWith("/") ? file.startsWith(path) : file === path;
}

function layerOf(file: string): Layer | undefined {
  return order.find((layer) => layer.paths.some((path) => within(file, path)));
}

function name(layer: Layer): string {
  return layer.paths.join(", ");
}

function mayImport(from: Layer, to: Layer): boolean {
  if (from === to) return true;
  if (from.sees) return from.sees.some((path) => to.paths.includes(path));
  return order.indexOf(to) < order.indexOf(from);
}

function sourceFiles(folder = "."): string[] {
  return readdirSync(folder, { withFileTypes: true }).flatMap((entry) => {
    const path = normalize(join(folder, entry.name));
    // Installed packages and build output (dist/) are not sources.
    if (entry.isDirectory()) return ["node_modules", "dist"].includes(entry.name) || entry.name.startsWith(".") ? [] : sourceFiles(path);
    return sourceFile.test(entry.name) ? [path] : [];
  });
}

const inOrder = sourceFiles().filter((file) => !outside.some((folder) => file.startsWith(folder)));

/** Every import, export … from and import() of a file, with its line. */
function importsOf(file: string): { specifier: string; line: number }[] {
  const text = readFileSync(file, "utf8");
  return ts.preProcessFile(text, true, true).importedFiles.map((ref) => ({
    specifier: ref.fileName,
    line: text.slice(0, ref.pos).split("\n").length,
  }));
}

/** One line per import that goes against the order. */
function violations(): string[] {
  const found: string[] = [];
  for (const file of inOrder) {
    const from = layerOf(file)!;
    for (const { specifier, line } of importsOf(file)) {
      if (!specifier.startsWith(".")) continue; // packages and node: built-ins are not layers
      const target = join(dirname(file), specifier);
      const to = layerOf(target);
      if (to && mayImport(from, to)) continue;
      const reason = to ? `${name(from)} may not import ${name(to)}` : `${target} is outside the order`;
      found.push(`${file}:${line} imports "${specifier}" (${reason})`);
    }
  }
  return found;
}

test("every source file belongs to a layer", () => {
  assert.equal(
    inOrder.filter((file) => !layerOf(file)),
    [],
  );
});

test("every path in the order exists", () => {
  const paths = order.flatMap((layer) => layer.paths);
  assert.equal(
    paths.filter((path) => !inOrder.some((file) => within(file, path))),
    [],
  );
});

test("no import goes against the order", () => {
  const found = violations();
  assert.ok(found.length === 0, `${found.length} imports go against the order (docs/layout.md):\n${found.join("\n")}`);
});

test("docs/layout.md lists the layers in the order", () => {
  const headings = [...readFileSync("docs/layout.md", "utf8").matchAll(/^## (.+)$/gm)].map((match) => match[1]);
  assert.equal(headings.slice(0, order.length), order.map(name));
});

test.run();
