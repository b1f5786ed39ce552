// The documentation is executed, so it cannot rot: every ```dl block parses (and checks, unless
// marked `fragment`) and is canonically formatted, every diagnostic example prints what the
// page says it prints, and the generated layer reference matches the registry.
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { test } from "uvu";
import * as assert from "uvu/assert";
import { formatParity } from "../../cli/parity.ts";
import { reportText } from "../../cli/report.ts";
import { byPosition, DiagnosticError, hasErrors } from "../../diagnostics/diagnostic.ts";
import { codes } from "../../diagnostics/codes.ts";
import { layersMarkdown } from "../../docs/generate-layers.ts";
import { formatDl } from "../../grammar/format/format.ts";
import { keywords } from "../../grammar/keywords.ts";
import { parse } from "../../grammar/parse.ts";
import type { Backend } from "../../interpreter/backends/backend.ts";
import { CpuBackend } from "../../interpreter/backends/cpu/cpu-backend.ts";
import { check } from "../../interpreter/check/check.ts";
import { runProgram } from "../../interpreter/run.ts";
import { parityReports } from "../../interpreter/runtime/program-parity.ts";
import { summarize } from "../../interpreter/summary.ts";
import { sources as sourceRegistry } from "../../stdlib/datasets/index.ts";
import { losses as lossRegistry } from "../../stdlib/losses/index.ts";
import { metricNames as metrics } from "../../stdlib/metrics/index.ts";
import { optimizers as optimizerRegistry } from "../../stdlib/optimizers/index.ts";
import { schedules } from "../../stdlib/schedules/index.ts";
import { findArg, type NamedSpec } from "../../stdlib/spec.ts";
import { layers } from "../../stdlib/layers/index.ts";

interface Block {
  file: string;
  line: number;
  info: string;
  text: string;
}

const optimizers = Object.values(optimizerRegistry);
const losses = [...lossRegistry.values()];
const sources = Object.values(sourceRegistry);

const pages = [
  "README.md",
  ...readdirSync("docs")
    .filter((f) => f.endsWith(".md"))
    .map((f) => join("docs", f)),
];
const read = (file: string) => readFileSync(file, "utf8");

/** Fenced code blocks, with the info string after the opening fence (`dl`, `dl fragment`, `text`). */
function blocks(file: string): Block[] {
  const result: Block[] = [];
  const lines = read(file).split("\n");
  for (let i = 0; i < lines.length; i++) {
    const open = /^```(.*)$/.exec(lines[i]!);
    if (!open) continue;
    const start = i;
    const body: string[] = [];
    while (++i < lines.length && lines[i] !== "```") body.push(lines[i]!);
    result.push({ file, line: start + 1, info: open[1]!.trim(), text: body.join("\n") + "\n" });
  }
  return result;
}

const allBlocks = pages.flatMap(blocks);
const programs = allBlocks.filter((b) => b.info === "dl" || b.info === "dl fragment");
const where = (b: Block) => `${b.file}:${b.line}`;

/** What `dl check example.dl` prints on stderr for a file with this text. */
function checkOutput(source: string, file = "example.dl"): string {
  const parsed = parse(source);
  const diagnostics = [...parsed.diagnostics, ...check(parsed.program, hasErrors(parsed.diagnostics)).diagnostics].sort(byPosition);
  return reportText(diagnostics, file, source);
}

test("the pages exist and hold dl examples", () => {
  for (const page of ["README.md", "docs/language.md", "docs/diagnostics.md", "docs/layers.md", "docs/layout.md"])
    assert.ok(pages.includes(page), page);
  assert.ok(programs.filter((b) => b.file === "docs/language.md").length >= 15);
  assert.ok(programs.some((b) => b.file === "README.md"));
});

test("every dl block parses without diagnostics", () => {
  for (const block of programs) {
    const { diagnostics } = parse(block.text);
    assert.equal(
      diagnostics.map((d) => `${d.code} ${d.message}`),
      [],
      where(block),
    );
  }
});

test("every dl block that is not a fragment checks without errors", () => {
  for (const block of programs.filter((b) => b.info === "dl")) {
    const { program } = parse(block.text);
    const errors = check(program).diagnostics.filter((d) => d.severity === "error");
    assert.equal(
      errors.map((d) => `${d.code} ${d.message}`),
      [],
      where(block),
    );
  }
});

test("every dl block is canonically formatted", async () => {
  for (const block of programs) assert.is(await formatDl(block.text), block.text, where(block));
});

test("every diagnostic code is documented", () => {
  const page = read("docs/diagnostics.md");
  for (const code of Object.keys(codes)) assert.ok(page.includes(`## ${code}`), `docs/diagnostics.md has no section for ${code}`);
});

test("every diagnostic example prints what docs/diagnostics.md shows", () => {
  const page = blocks("docs/diagnostics.md");
  const examples = page.filter((b) => b.info === "dl invalid");
  assert.ok(examples.length >= 12);
  for (const example of examples) {
    const output = page[page.indexOf(example) + 1];
    assert.ok(output?.info === "text", `${where(example)}: the output block must follow the example`);
    assert.is(checkOutput(example.text), output!.text.trimEnd(), where(example));
  }
});

test("each diagnostic example triggers the code of its section", () => {
  const sections = read("docs/diagnostics.md").split(/^## /m).slice(1);
  for (const section of sections) {
    const code = section.slice(0, 5);
    const example = /```dl invalid\n([\s\S]*?)```/.exec(section)?.[1];
    if (!example) continue;
    assert.ok(checkOutput(example).includes(`[${code}]`), `the example under ${code} does not report ${code}`);
  }
});

test("runtime examples in docs/diagnostics.md parse and check without errors", () => {
  const runtime = blocks("docs/diagnostics.md").filter((b) => b.info === "dl runtime");
  assert.ok(runtime.length >= 3);
  for (const block of runtime) {
    const output = checkOutput(block.text);
    assert.not.ok(output.includes("error["), `${where(block)}: ${output}`);
  }
});

test("the DL304 example prints what docs/diagnostics.md shows, on a backend without recurrent kernels", async () => {
  const page = blocks("docs/diagnostics.md");
  const section = read("docs/diagnostics.md")
    .split(/^## /m)
    .find((s) => s.startsWith("DL304"))!;
  const example = page.find((b) => b.info === "dl runtime" && section.includes(b.text))!;
  const output = page[page.indexOf(example) + 1]!;
  const cpu = new CpuBackend();
  const recurrent = ["simple_rnn", "lstm", "gru"];
  const webgl = Object.assign(Object.create(cpu) as Backend, {
    name: "webgl",
    kernels: new Set([...cpu.kernels].filter((k) => !recurrent.some((r) => k.startsWith(r)))),
  });
  const { program } = parse(example.text);
  try {
    await runProgram({ file: "example.dl", source: example.text, program, checked: check(program).program }, { backend: webgl });
    assert.unreachable("the DL304 example ran");
  } catch (e) {
    assert.instance(e, DiagnosticError);
    assert.is(reportText([(e as DiagnosticError).diagnostic], "example.dl", example.text), output.text.trimEnd(), where(example));
  }
});

test("docs/layers.md is what docs/generate-layers.ts produces", () => {
  assert.is(read("docs/layers.md"), layersMarkdown(), "run: node --import tsx docs/generate-layers.ts");
});

test("every layer kind appears in docs/layers.md", () => {
  const page = read("docs/layers.md");
  for (const kind of layers.keys()) assert.ok(page.includes(`## ${kind}\n`), kind);
});

test("every keyword appears in docs/language.md", () => {
  const page = read("docs/language.md");
  for (const word of keywords) assert.ok(page.includes(`\`${word}\``), word);
});

test("every optimizer, loss, schedule, metric and source appears in docs/language.md", () => {
  const page = read("docs/language.md");
  const names = [...optimizers, ...losses, ...schedules, ...sources].map((e) => e.name);
  for (const name of [...names, ...metrics]) assert.ok(page.includes(`\`${name}\``), name);
});

test("the defaults in docs/language.md tables match the vocabulary", () => {
  const tables: Record<string, readonly NamedSpec[]> = { Optimizer: optimizers, Loss: losses, Schedule: schedules, Source: sources };
  let compared = 0;
  let kind: string | undefined;
  for (const line of read("docs/language.md").split("\n")) {
    const header = /^\| (\w+) \|/.exec(line)?.[1];
    if (header && header in tables) kind = header;
    if (!line.startsWith("|")) kind = undefined;
    const row = /^\| `(\w+)` \|/.exec(line);
    if (!kind || !row) continue;
    const entry = tables[kind]!.find((e) => e.name === row[1]);
    assert.ok(entry, `${kind} \`${row[1]}\` is not in the vocabulary`);
    // The second column lists the options with their defaults; later columns are prose.
    for (const [, key, value] of (line.split(" | ")[1] ?? "").matchAll(/`(\w+)=([^`\s]+)`/g)) {
      const option = findArg(entry!, key!);
      assert.ok(option, `${row[1]} has no option ${key}`);
      assert.is(String(option!.default), String(Number.isNaN(Number(value)) ? value : Number(value)), `${row[1]} ${key}`);
      compared++;
    }
  }
  assert.ok(compared >= 20, `compared ${compared} defaults`);
});

test("README shows what dl check prints", () => {
  const readme = read("README.md");
  const { program } = parse(read("examples/mnist_mlp.dl"));
  const model = check(program).program.models.get("mnist_mlp");
  assert.ok(model, "examples/mnist_mlp.dl checks");
  assert.ok(
    readme.includes("$ npx dl check examples/mnist_mlp.dl\n" + summarize(model!) + "\n```"),
    "the mnist_mlp summary in README.md is out of date",
  );
  const broken = "model net {\n  input 4\n  layer dens 3 softmax\n}\n";
  assert.ok(
    readme.includes("$ npx dl check broken.dl\n" + checkOutput(broken, "broken.dl") + "\n```"),
    "the broken.dl output in README.md is out of date",
  );
});

test("README shows what dl check --backends cpu,cpu prints", async () => {
  const { program } = parse(read("examples/xor.dl"));
  const [report] = await parityReports(check(program).program, [new CpuBackend(), new CpuBackend()]);
  assert.ok(
    read("README.md").includes("$ npx dl check --backends cpu,cpu examples/xor.dl\n…\n" + formatParity(report!)),
    "the parity table in README.md is out of date",
  );
});

test.run();
