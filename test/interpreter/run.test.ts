// runProgram end to end: the examples learn what they should with their fixed seeds, a run is
// reproducible to the byte, `epochs` can be overridden, and running problems become diagnostics.
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { test } from "uvu";
import * as assert from "uvu/assert";
import { DiagnosticError, type Diagnostic } from "../../diagnostics/diagnostic.ts";
import { CpuBackend } from "../../interpreter/backends/cpu/cpu-backend.ts";
import { runProgram } from "../../interpreter/run.ts";
import { compile, collect } from "./runtime/helpers.ts";

const root = fileURLToPath(new URL("../..", import.meta.url));
const tmp = mkdtempSync(join(tmpdir(), "dl-run-"));

/** An example as runProgram sees it from `dl run examples/NAME.dl`, with its `save` sent to the temp dir. */
function example(name: string) {
  const file = join(root, "examples", `${name}.dl`);
  const source = readFileSync(file, "utf8").replace(
    /^save (\w+) "([^"]+)"$/m,
    (_, model: string, path: string) => `save ${model} "${join(tmp, path)}"`,
  );
  return compile(source, file);
}

const last = <T>(items: T[]): T => items[items.length - 1]!;

test("xor.dl: 300 epochs reach accuracy 1.0 and a loss under 0.01", async () => {
  const run = collect();
  await runProgram(example("xor"), { backend: new CpuBackend(), reporter: run.reporter });
  assert.is(run.epochs.length, 300);
  const [evaluated] = run.evaluated;
  assert.equal({ ...evaluated!, logs: {} }, { model: "xor_net", data: "xor", split: "all", count: 4, logs: {} });
  assert.is(evaluated!.logs["accuracy"], 1);
  assert.ok(evaluated!.logs["loss"]! < 0.01, String(evaluated!.logs["loss"]));
});

test("iris.dl (CSV): validation accuracy >= 0.9, also by `evaluate` on the held-out part, weights saved", async () => {
  const run = collect();
  await runProgram(example("iris"), { backend: new CpuBackend(), reporter: run.reporter });
  assert.is(run.epochs.length, 100);
  const logs = last(run.epochs).logs;
  assert.ok(logs["val_accuracy"]! >= 0.9, `val_accuracy ${logs["val_accuracy"]}`);
  assert.ok(logs["accuracy"]! >= 0.9, `accuracy ${logs["accuracy"]}`);
  // `evaluate iris_net on iris.validation`: the 30 rows held out of training.
  assert.is(run.evaluated.length, 1);
  assert.is(run.evaluated[0]!.split, "validation");
  assert.is(run.evaluated[0]!.count, 30);
  assert.ok(run.evaluated[0]!.logs["accuracy"]! >= 0.9, `accuracy ${run.evaluated[0]!.logs["accuracy"]}`);
  assert.equal(run.warnings, []);
  assert.equal(run.saved, [join(tmp, "iris.safetensors")]);
  assert.ok(readFileSync(join(tmp, "iris.safetensors")).length > 1000);
});

test("spirals.dl: validation accuracy >= 0.95, also by `evaluate` on the held-out part", async () => {
  const run = collect();
  await runProgram(example("spirals"), { backend: new CpuBackend(), reporter: run.reporter });
  assert.is(run.epochs.length, 200);
  assert.ok(last(run.epochs).logs["val_accuracy"]! >= 0.95, `val_accuracy ${last(run.epochs).logs["val_accuracy"]}`);
  assert.is(run.evaluated[0]!.split, "validation");
  assert.is(run.evaluated[0]!.count, 160);
  assert.ok(run.evaluated[0]!.logs["accuracy"]! >= 0.95, `accuracy ${run.evaluated[0]!.logs["accuracy"]}`);
});

test("the epochs override replaces the program's `epochs` (dl run --epochs 3)", async () => {
  const run = collect();
  await runProgram(example("xor"), { backend: new CpuBackend(), reporter: run.reporter, epochs: 3 });
  assert.equal(
    run.epochs.map((e) => [e.epoch, e.epochs]),
    [
      [1, 3],
      [2, 3],
      [3, 3],
    ],
  );
});

const irisProgram = (dataLines: string) => `model net {
  input 4
  layer dense 16 relu
  layer dense 3 softmax
}

data flowers {
  source iris
${dataLines}
}

train net on flowers {
  optimizer adam lr=0.01
  loss sparse_categorical_crossentropy
  metrics accuracy
  epochs 30
  batch 16
}

evaluate net on flowers.validation
`;

test("iris sorted by species, split without `shuffle`: a DL307 warning on the `validation` line before training", async () => {
  const run = collect();
  let epochsWhenWarned = -1;
  const reporter = { ...run.reporter, warning: (d: Diagnostic) => ((epochsWhenWarned = run.epochs.length), run.reporter.warning!(d)) };
  await runProgram(compile(irisProgram("  standardize\n  validation 0.2")), { backend: new CpuBackend(), reporter });
  assert.equal(run.warnings, ["DL307 10:3 the validation part of `flowers` holds one class only (`virginica`)"]);
  assert.is(epochsWhenWarned, 0);
});

test("`shuffle` in the data block: one seeded order before the split; every class held out, no warning, val accuracy >= 0.9", async () => {
  const run = collect();
  await runProgram(compile(irisProgram("  shuffle\n  standardize\n  validation 0.2")), {
    backend: new CpuBackend(),
    reporter: run.reporter,
  });
  assert.equal(run.warnings, []);
  assert.is(run.evaluated[0]!.count, 30);
  assert.ok(run.evaluated[0]!.logs["accuracy"]! >= 0.9, `accuracy ${run.evaluated[0]!.logs["accuracy"]}`);
  const again = collect();
  await runProgram(compile(irisProgram("  shuffle\n  standardize\n  validation 0.2")), {
    backend: new CpuBackend(),
    reporter: again.reporter,
  });
  assert.equal(again.evaluated, run.evaluated, "the same seed gives the same order");
  const other = collect();
  await runProgram(compile(irisProgram("  shuffle seed=1\n  standardize\n  validation 0.2")), {
    backend: new CpuBackend(),
    reporter: other.reporter,
  });
  assert.not.equal(other.evaluated, run.evaluated, "another seed, another order");
});

// Dropout, shuffling and a validation split: every random choice comes from the seed.
const seeded = (seed: number, path: string) => `model net {
  input 2
  layer dense 16 relu
  layer dropout 0.3
  layer dense 16 relu
  layer dense 2 softmax
}

data curls {
  source spirals points=60 noise=0.1
  validation 0.2
}

train net on curls {
  optimizer adam lr=0.01
  loss sparse_categorical_crossentropy
  metrics accuracy
  epochs 4
  batch 8
  seed ${seed}
  shuffle true
}

save net "${path}"
`;

test("the same program run twice writes byte-identical weights; another seed writes other bytes", async () => {
  const paths = ["a", "b", "c"].map((name) => join(tmp, `${name}.safetensors`));
  const logs: unknown[] = [];
  for (const [i, path] of paths.entries()) {
    const run = collect();
    await runProgram(compile(seeded(i < 2 ? 5 : 6, path), join(tmp, "seeded.dl")), { backend: new CpuBackend(), reporter: run.reporter });
    logs.push(run.epochs);
  }
  const [a, b, c] = paths.map((p) => readFileSync(p));
  assert.ok(a!.equals(b!), "same seed, same bytes");
  assert.equal(logs[0], logs[1]);
  assert.not.ok(a!.equals(c!), "another seed, other bytes");
  assert.is(a!.length, c!.length);
});

test("a diverging run is DL303 on the `train` statement, naming epoch and step, and saves nothing", async () => {
  const path = join(tmp, "diverged.safetensors");
  const source = `model m {
  input 2
  layer dense 8 relu
  layer dense 1
}

data corners {
  source xor
}

train m on corners {
  optimizer sgd lr=1e30
  loss mean_squared_error
  epochs 5
}

save m "${path}"
`;
  const run = collect();
  try {
    await runProgram(compile(source), { backend: new CpuBackend(), reporter: run.reporter });
    assert.unreachable("training should diverge");
  } catch (e) {
    if (!(e instanceof DiagnosticError)) throw e;
    assert.is(e.diagnostic.code, "DL303");
    assert.is(e.diagnostic.message, "training diverged: the loss became Infinity at epoch 2, step 1");
    assert.is(e.diagnostic.span.start.line, 11);
    assert.is(source.split("\n")[10], "train m on corners {");
  }
  assert.is(run.epochs.length, 1, "epoch 1 finished, epoch 2 did not");
  assert.equal(run.saved, []);
  assert.throws(() => readFileSync(path));
});

test.after(() => rmSync(tmp, { recursive: true, force: true }));

test.run();
