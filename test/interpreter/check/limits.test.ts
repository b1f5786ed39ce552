// The checker's limits (issue 16): bombs and absurd sizes end in one located diagnostic each,
// before anything is allocated; the memory estimate says what it found and what the limit is.
import { test } from "uvu";
import * as assert from "uvu/assert";
import type { Diagnostic } from "../../../diagnostics/diagnostic.ts";
import { closest, editDistance } from "../../../diagnostics/suggest.ts";
import { parse } from "../../../grammar/parse.ts";
import { check, type CheckOptions } from "../../../interpreter/check/check.ts";
import { estimateMemory, formatBytes, parseMemorySize } from "../../../interpreter/check/memory.ts";
import { MAX_BLOCK_DEPTH, MAX_EXPANSION, MAX_REPEAT } from "../../../interpreter/check/model.ts";

const GB = 1024 ** 3;

function diagnosticsOf(text: string, options: CheckOptions = { maxMemory: 16 * GB }): Diagnostic[] {
  const parsed = parse(text);
  assert.equal(parsed.diagnostics, [], "the test program must parse");
  return check(parsed.program, false, options).diagnostics;
}

/** `code line:column message`, errors only. */
function errors(text: string, options?: CheckOptions): string[] {
  return diagnosticsOf(text, options)
    .filter((d) => d.severity === "error")
    .map((d) => `${d.code} ${d.span.start.line}:${d.span.start.column} ${d.message}`);
}

const model = (body: string) => `model m {\n  input 4\n${body}\n}\n`;

test("`repeat 1e6`: DL402 on the count, the body checked once", () => {
  assert.equal(errors(model("  repeat 1e6 {\n    layer dense 4\n  }")), [
    `DL402 3:10 \`repeat\` may repeat at most ${MAX_REPEAT.toLocaleString("en-US")} times, not 1000000`,
  ]);
  assert.equal(errors(model("  repeat 1e6 {\n    layer dense 4 relu=1\n  }")).length, 2, "and the body's own mistake");
});

test("nested repeats that multiply past the limit: one DL402 where the expansion stops", () => {
  const found = errors(model("  repeat 1000 {\n    repeat 1000 {\n      layer dense 4\n    }\n  }"));
  assert.equal(found, [
    `DL402 5:7 the model expands to more than ${MAX_EXPANSION.toLocaleString("en-US")} layers, block uses and repetitions`,
  ]);
});

test("empty bodies repeated still count: `repeat` nested 5 deep over nothing stops at the limit", () => {
  const text = model(`${"  repeat 10000 {\n".repeat(5)}${"  }\n".repeat(5)}`);
  assert.equal(
    errors(text).map((e) => e.split(" ")[0]),
    ["DL402"],
  );
});

test("a chain of 1,000 blocks each using the one before: DL402 at the use past the depth limit, no RangeError", () => {
  const blocks = ["block b0(n) {\n  layer dense n\n}\n"];
  for (let i = 1; i < 1000; i++) blocks.push(`block b${i}(n) {\n  b${i - 1} n\n}\n`);
  const text = blocks.join("") + model("  b999 4");
  const found = diagnosticsOf(text).filter((d) => d.severity === "error");
  assert.is(found.length, 1);
  const [tooDeep] = found;
  // The model uses b999; the use inside b(1000 - MAX_BLOCK_DEPTH) would be the (MAX_BLOCK_DEPTH + 1)th level.
  const inner = 1000 - MAX_BLOCK_DEPTH;
  assert.is(tooDeep!.code, "DL402");
  assert.is(
    tooDeep!.message,
    `blocks nest deeper than ${MAX_BLOCK_DEPTH}: \`b${inner - 1}\` is used inside ${MAX_BLOCK_DEPTH} other blocks`,
  );
  assert.is(tooDeep!.span.start.line, 3 * inner + 2);
  assert.equal(
    tooDeep!.related.map((r) => [r.message, r.span.start.line]),
    [["the outermost, block `b999`, is used here", 3003]],
  );
});

test("blocks that double at each level stop at the expansion limit", () => {
  const blocks = ["block b0(n) {\n}\n"];
  for (let i = 1; i < 30; i++) blocks.push(`block b${i}(n) {\n  b${i - 1} n\n  b${i - 1} n\n}\n`);
  const found = errors(blocks.join("") + model("  b29 4\n  layer dense 2"));
  assert.equal(
    found.map((e) => e.split(" ")[0]),
    ["DL402"],
  );
});

test("`layer dense 1e9`: DL403 with the estimate and the limit, on the model's name", () => {
  const [tooLarge] = diagnosticsOf(model("  layer dense 1e9"), { maxMemory: 16 * GB });
  assert.is(tooLarge!.code, "DL403");
  assert.is(tooLarge!.span.start.line, 1);
  assert.is(tooLarge!.span.start.column, 7);
  // (4·1e9 + 1e9) weights × 4 copies × 4 bytes; (4 + 1e9) floats × batch 32 × 2 copies × 4 bytes.
  const weights = 5e9 * 16;
  const activations = (4 + 1e9) * 32 * 8;
  assert.is(tooLarge!.message, `model \`m\` needs about ${formatBytes(weights + activations)} to train with batch 32; the limit is 16 GB`);
  assert.is(tooLarge!.label, `weights, gradients and optimizer state ${formatBytes(weights)}, activations ${formatBytes(activations)}`);
  assert.is(formatBytes(weights + activations), "313 GB");
});

test("the estimate uses the train statement's batch, and a raised limit lets the model through", () => {
  const text = `${model("  layer dense 1000 relu\n  layer dense 3 softmax")}data d {\n  source iris\n}\ntrain m on d {\n  loss sparse_categorical_crossentropy\n  batch 100000\n}\n`;
  const parsed = parse(text);
  const checked = check(parsed.program, false, { maxMemory: 16 * GB });
  const estimate = estimateMemory(checked.program.models.get("m")!, 1);
  assert.is(estimate.weights, (4 * 1000 + 1000 + 1000 * 3 + 3) * 16);
  assert.equal(checked.diagnostics, [], "0.8 GB at batch 100,000 fits 16 GB");
  const small = check(parsed.program, false, { maxMemory: 0.5 * GB }).diagnostics.find((d) => d.code === "DL403");
  assert.match(small!.message, /to train with batch 100000; the limit is 512 MB$/);
});

test("estimateMemory: weights ×4 and activations ×batch×2, in bytes", () => {
  const parsed = parse(model("  layer dense 3\n  residual {\n    layer dense 3\n  }"));
  const m = check(parsed.program, false, { maxMemory: GB }).program.models.get("m")!;
  const estimate = estimateMemory(m, 2);
  assert.is(estimate.weights, (4 * 3 + 3 + 3 * 3 + 3) * 4 * 4);
  // input 4, dense 3, residual 3, its dense 3
  assert.is(estimate.activations, (4 + 3 + 3 + 3) * 2 * 2 * 4);
  assert.is(estimate.total, estimate.weights + estimate.activations);
});

test("sizes beyond what a float holds exactly, or at all: DL106 or DL401, never a summary with ∞", () => {
  assert.equal(errors(model("  layer dense 1e20")), [
    "DL106 3:15 `units` of layer `dense` must be a positive whole number, found 100000000000000000000",
  ]);
  const [found] = errors(model("  layer dense 1e300"));
  assert.match(found!, /^DL106 3:15 /);
  assert.equal(
    errors(model("  layer dense 2\n  layer dense 3e15")).map((e) => e.split(" ")[0]),
    ["DL403"],
  );
  assert.equal(errors("let big = 1e308 * 10\n" + model("  layer dense big")), ["DL401 1:11 the result is too large to represent"]);
});

test("epochs, batch, rates, scales and generated points out of range: DL106 on the value", () => {
  const text =
    model("  layer dense 2 softmax") +
    "data d {\n  source spirals points=1e8\n  scale 0\n}\n" +
    "train m on d {\n  optimizer adam lr=(-0.1)\n  loss sparse_categorical_crossentropy\n  epochs 1e20\n  batch 1e9\n}\n" +
    "train m on d {\n  optimizer sgd lr=0\n  loss sparse_categorical_crossentropy\n}\n";
  const parsed = parse(text);
  assert.equal(parsed.diagnostics, []);
  assert.equal(
    check(parsed.program, false, { maxMemory: GB })
      .diagnostics.filter((d) => d.severity === "error")
      .map((d) => `${d.span.start.line}:${d.span.start.column} ${d.message}`),
    [
      "6:25 `points` of source `spirals` may be at most 1,000,000, found 100000000",
      "7:9 `factor` of `scale` must be above 0, found 0",
      "10:21 `lr` of optimizer `adam` must be above 0, found -0.1",
      "12:10 `epochs` may be at most 1,000,000, found 100000000000000000000",
      "13:9 `batch` may be at most 1,000,000, found 1000000000",
      "16:20 `lr` of optimizer `sgd` must be above 0, found 0",
    ],
  );
});

test("did-you-mean on two 20,000-character names: nothing suggested, and no quadratic table", () => {
  const a = "x".repeat(20000);
  const b = "x".repeat(19999) + "y";
  assert.equal(closest(a, [b]), []);
  assert.is(editDistance(a, b, 3), 1);
  assert.is(editDistance("a".repeat(5000), "b".repeat(5000), 3), 4, "past the band: max + 1");
  assert.equal(closest("dens", ["dense", "dropout"]), ["dense"]);
  const found = errors(model(`  layer ${"d".repeat(20000)} 4`));
  assert.equal(found, [`DL103 3:9 unknown layer kind \`${"d".repeat(20000)}\``]);
});

test("--max-memory sizes: 8GB, 512MB, 1.5G, bytes; anything else is refused", () => {
  assert.is(parseMemorySize("8GB"), 8 * GB);
  assert.is(parseMemorySize("512mb"), 512 * 1024 ** 2);
  assert.is(parseMemorySize("1.5G"), 1.5 * GB);
  assert.is(parseMemorySize("1000"), 1000);
  for (const bad of ["", "0", "-1GB", "8XB", "1e400", "GB", "Infinity"]) assert.is(parseMemorySize(bad), undefined, bad);
});

test.run();
