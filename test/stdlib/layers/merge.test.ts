// Named outputs (`as`, `from`) and the merge layers `add` and `concat`: syntax, checks, values,
// gradients, summary and training.
import { readFileSync } from "node:fs";
import { test } from "uvu";
import * as assert from "uvu/assert";
import type { Diagnostic } from "../../../diagnostics/diagnostic.ts";
import * as ops from "../../../interpreter/autograd/ops/index.ts";
import { parse } from "../../../grammar/parse.ts";
import { check } from "../../../interpreter/check/check.ts";
import { runProgram } from "../../../interpreter/run.ts";
import { CpuBackend } from "../../../interpreter/backends/cpu/cpu-backend.ts";
import { summarize } from "../../../interpreter/summary.ts";
import { formatDl } from "../../../grammar/format/format.ts";
import { architectureHash } from "../../../interpreter/runtime/weights.ts";
import { evaluate, gradcheck, randomData } from "../../interpreter/autograd/harness.ts";
import { collect, compile } from "../../interpreter/runtime/helpers.ts";

/** Two towers from the input, joined by `concat` and `add` (the diagram tests draw it too). */
const towers = readFileSync("test/fixtures/dl/towers.dl", "utf8");

function diagnostics(source: string): string[] {
  const parsed = parse(source);
  assert.equal(parsed.diagnostics, []);
  return check(parsed.program).diagnostics.map((d: Diagnostic) => `${d.code} ${d.span.start.line}:${d.span.start.column} ${d.message}`);
}

test("`as` and `from` parse into the AST and format back unchanged", async () => {
  const { program, diagnostics: parseErrors } = parse(towers);
  assert.equal(parseErrors, []);
  const model = program.body[0]!;
  assert.is(model.type, "Model");
  if (model.type !== "Model") return;
  const [input, a, b] = model.body;
  assert.is(input?.type === "Input" && input.as?.name, "x");
  assert.equal(a?.type === "Layer" && [a.from, a.as?.name], [null, "a"]);
  assert.equal(b?.type === "Layer" && [b.from?.name, b.as?.name], ["x", "b"]);
  assert.is(await formatDl(towers), towers);
});

test("shapes flow through names: concat sums widths, add keeps them, `from` reads the named output", () => {
  const model = check(parse(towers).program).program.models.get("towers")!;
  assert.equal(model.inputName, "x");
  const layers = model.nodes.flatMap((n) =>
    n.type === "layer" ? [[n.name, n.inputs.join(","), n.as ?? "", n.outputShape.join("x")]] : [],
  );
  assert.equal(layers, [
    ["dense", "", "a", "8"],
    ["dense_1", "x", "b", "6"],
    ["concat", "a,b", "joined", "14"],
    ["dense_2", "joined", "c", "8"],
    ["add", "c,a", "", "8"],
    ["dense_3", "", "", "3"],
  ]);
  assert.equal(model.outputShape, [3]);
  // dense_2 reads the 14-wide concat: 14*8 + 8 weights.
  const dense2 = model.nodes[3]!;
  assert.is(dense2.type === "layer" && dense2.params.map((p) => p.shape.join("x")).join(" "), "14x8 8");
});

test("mistakes: unknown or repeated names, shapes that do not join, `from` on a merge", () => {
  const model = (...lines: string[]) => `model m {\n  input 4 as x\n${lines.map((l) => `  ${l}\n`).join("")}}\n`;
  assert.equal(diagnostics(model("layer dense 8 from y")), ["DL101 3:22 no output is named `y` above this line"]);
  assert.equal(diagnostics(model("layer dense 8 as h", "layer dense 8 as h")), ["DL102 4:20 the output name `h` is used twice"]);
  assert.equal(diagnostics(model("layer dense 8 as a", "layer dense 6 as b", "layer add a b")), [
    "DL201 5:9 `add` needs outputs of one shape, got (8) and (6)",
  ]);
  assert.equal(diagnostics(model("layer dense 8 as a", "layer add a")), ["DL201 4:9 `add` joins two or more named outputs, got 1"]);
  assert.equal(diagnostics(model("layer dense 8 as a", "layer add a x from x")), ["DL104 4:22 `add` takes its inputs by name, not `from`"]);
  assert.equal(diagnostics(model("layer dense 8 as a", "layer concat a z")), ["DL101 4:18 no output is named `z` above this line"]);
  assert.equal(diagnostics(model("repeat 2 {", "  layer dense 4 as h", "}")), ["DL102 4:22 the output name `h` is used twice"]);
});

test("the summary shows what each layer reads", () => {
  const text = summarize(check(parse(towers).program).program.models.get("towers")!);
  assert.ok(text.includes(" input (InputLayer) as x"), text);
  assert.match(text, /concat \(Concatenate\) as joined\s+\(None, 14\)\s+0  a, b/);
  assert.match(text, /dense_3 \(Dense, softmax\)\s+\(None, 3\)\s+27  \(line above\)/);
});

test("concat and add ops: values and gradients", async () => {
  const a = randomData([2, 3], 1);
  const b = randomData([2, 2], 2);
  const { y } = await evaluate((g, [x, z]) => ops.concat(g, [x!, z!]), [a, b]);
  const [xs, zs] = [Array.from(a.data), Array.from(b.data)];
  assert.equal(Array.from(y), [...xs.slice(0, 3), ...zs.slice(0, 2), ...xs.slice(3), ...zs.slice(2)]);
  await gradcheck("concat", (g, [x, z]) => ops.concat(g, [x!, z!, x!]), [a, b]);
  await gradcheck("add", (g, [x, z]) => ops.add(g, x!, z!), [a, randomData([2, 3], 3)]);
});

test("the wiring is part of the architecture hash", () => {
  const hash = (source: string) => architectureHash(check(parse(source).program).program.models.get("towers")!);
  assert.is.not(hash(towers), hash(towers.replace("layer add c a", "layer add a c")));
});

test("a graph model trains on iris", async () => {
  const program = compile(
    towers +
      "data flowers {\n  source iris\n  standardize\n  validation 0.2\n}\n" +
      "train towers on flowers {\n  optimizer adam lr=0.01\n  loss sparse_categorical_crossentropy\n  metrics accuracy\n  epochs 40\n  batch 16\n  seed 3\n}\n",
  );
  const collected = collect();
  await runProgram(program, { backend: new CpuBackend(), reporter: collected.reporter });
  const first = collected.epochs[0]!.logs;
  const last = collected.epochs.at(-1)!.logs;
  assert.ok(last["loss"]! < first["loss"]! / 3, `loss ${first["loss"]} → ${last["loss"]}`);
  assert.ok(last["accuracy"]! >= 0.95, `accuracy ${last["accuracy"]}`);
});

test.run();
