// Saving and loading weights: a round trip gives the same predictions to the bit, weights
// never load into a model they do not fit, and the header carries what `dl predict` needs.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { test } from "uvu";
import * as assert from "uvu/assert";
import { hasErrors } from "../../../diagnostics/diagnostic.ts";
import { parse } from "../../../grammar/parse.ts";
import { CpuBackend } from "../../../interpreter/backends/cpu/cpu-backend.ts";
import { check } from "../../../interpreter/check/check.ts";
import type { CheckedTrain } from "../../../interpreter/check/checked.ts";
import { runProgram } from "../../../interpreter/run.ts";
import { fitToInput, prepareData } from "../../../interpreter/runtime/data.ts";
import { WeightsMismatch } from "../../../interpreter/runtime/errors.ts";
import { predict } from "../../../interpreter/runtime/evaluate.ts";
import { fit } from "../../../interpreter/runtime/fit.ts";
import { ModelRuntime } from "../../../interpreter/runtime/model-runtime.ts";
import { architectureHash, loadWeights, readWeightsMetadata, saveWeights } from "../../../interpreter/runtime/weights.ts";
import { readSafetensors } from "../../../stdlib/safetensors.ts";
import { collect, compile } from "./helpers.ts";

const tmp = mkdtempSync(join(tmpdir(), "dl-weights-"));

const program = (layers: string, save = "") => `model net {
  input 4
${layers}
}

data flowers {
  source iris
  standardize
  validation 0.2
}

train net on flowers {
  optimizer adam lr=0.01
  loss sparse_categorical_crossentropy
  metrics accuracy
  epochs 5
  batch 16
  seed 4
}
${save}`;

const layers = "  layer dense 16 relu\n  layer dropout 0.2\n  layer dense 3 softmax";

function setup(layerLines: string, seed?: number) {
  const loaded = compile(program(layerLines));
  const train = (loaded.checked.workflow[0] as { train: CheckedTrain }).train;
  const model = loaded.checked.models.get("net")!;
  const { splits } = prepareData(loaded.checked.data.get("flowers")!, "test.dl");
  const data = fitToInput(splits, model.inputShape, "flowers");
  return { runtime: new ModelRuntime(new CpuBackend(), model, train.loss, seed ?? train.seed), train, data };
}

const metadata = (runtime: ModelRuntime) => ({
  model: "net",
  source: program(layers),
  loss: runtime.loss,
  metrics: ["accuracy"],
  preprocess: [],
});

test("save → load → predict: a fresh model with other initial weights predicts exactly what the trained one did", async () => {
  const trained = setup(layers);
  await fit(trained.runtime, trained.data.train, trained.data.validation, trained.train);
  const before = await predict(trained.runtime, trained.data.all);
  const path = join(tmp, "roundtrip.safetensors");
  await saveWeights(trained.runtime, path, metadata(trained.runtime));

  const fresh = setup(layers, 99);
  const untrained = await predict(fresh.runtime, fresh.data.all);
  assert.not.equal(untrained, before, "a different seed starts from different weights");
  loadWeights(fresh.runtime, path);
  const after = await predict(fresh.runtime, fresh.data.all);
  assert.is(after.length, 150 * 3);
  assert.equal(after, before);
  for (const [i, weight] of fresh.runtime.weights.entries()) {
    assert.equal(
      await fresh.runtime.backend.read(weight.tensor),
      await trained.runtime.backend.read(trained.runtime.weights[i]!.tensor),
      weight.name,
    );
  }
});

test("weights of another width do not load: WeightsMismatch names the weight and both shapes", async () => {
  const trained = setup(layers);
  const path = join(tmp, "width.safetensors");
  await saveWeights(trained.runtime, path, metadata(trained.runtime));
  const narrow = setup("  layer dense 8 relu\n  layer dropout 0.2\n  layer dense 3 softmax");
  const weightsBefore = await narrow.runtime.backend.read(narrow.runtime.weights[0]!.tensor);
  try {
    loadWeights(narrow.runtime, path);
    assert.unreachable("expected WeightsMismatch");
  } catch (e) {
    if (!(e instanceof WeightsMismatch)) throw e;
    assert.is(e.message, `\`dense/kernel\` is (4, 16) in ${path} but (4, 8) in model \`net\``);
    assert.match(e.hint, "the file was saved from:");
    assert.match(e.hint, "layer dense 16 relu");
  }
  assert.equal(await narrow.runtime.backend.read(narrow.runtime.weights[0]!.tensor), weightsBefore, "nothing was loaded");
});

test("weights of another activation (same shapes) do not load: different architecture", async () => {
  const trained = setup(layers);
  const path = join(tmp, "activation.safetensors");
  await saveWeights(trained.runtime, path, metadata(trained.runtime));
  const tanh = setup("  layer dense 16 tanh\n  layer dropout 0.2\n  layer dense 3 softmax");
  assert.throws(
    () => loadWeights(tanh.runtime, path),
    (e: unknown) =>
      e instanceof WeightsMismatch &&
      e.message === `${path} was saved from a different architecture than model \`net\` (layer kinds or activations differ)`,
  );
});

test("a model with an extra layer does not load: the missing weight is named", async () => {
  const trained = setup(layers);
  const path = join(tmp, "deeper.safetensors");
  await saveWeights(trained.runtime, path, metadata(trained.runtime));
  const deeper = setup("  layer dense 16 relu\n  layer dropout 0.2\n  layer dense 16 relu\n  layer dense 3 softmax");
  assert.throws(
    () => loadWeights(deeper.runtime, path),
    (e: unknown) =>
      e instanceof WeightsMismatch &&
      e.message.startsWith("`dense_1/kernel` is (16, 3) in") &&
      e.message.endsWith("but (16, 16) in model `net`"),
  );
});

test("a safetensors file not written by dl is refused with WeightsMismatch", () => {
  const path = join(tmp, "foreign.safetensors");
  const header = Buffer.from(JSON.stringify({ w: { dtype: "F32", shape: [1], data_offsets: [0, 4] } }).padEnd(40, " "));
  const length = Buffer.alloc(8);
  length.writeBigUInt64LE(BigInt(header.length));
  writeFileSync(path, Buffer.concat([length, header, Buffer.alloc(4)]));
  assert.throws(
    () => readWeightsMetadata(path),
    (e: unknown) => e instanceof WeightsMismatch && e.message.includes("was not saved by dl"),
  );
});

test("`save` through runProgram: the header holds dl.source (which checks), dl.architecture, dl.loss, classes and preprocessing", async () => {
  const path = join(tmp, "saved.safetensors");
  const loaded = compile(
    `# leading comment\nlet width = 16\n\n${program(`  layer dense width relu\n  layer dense 3 softmax`, `\nsave net "${path}"\n`)}`,
  );
  await runProgram(loaded, { backend: new CpuBackend() });
  const { metadata: header, tensors } = readSafetensors(path);
  assert.is(header["format"], "dl");
  assert.is(header["dl.model"], "net");
  assert.equal(JSON.parse(header["dl.loss"]!), { name: "sparse_categorical_crossentropy", config: { from_logits: false } });
  assert.equal(JSON.parse(header["dl.classes"]!), ["setosa", "versicolor", "virginica"]);
  assert.equal(JSON.parse(header["dl.metrics"]!), ["accuracy"]);
  const preprocess = JSON.parse(header["dl.preprocess"]!) as { standardize: { mean: number[]; std: number[] } }[];
  assert.is(preprocess.length, 1);
  assert.is(preprocess[0]!.standardize.mean.length, 4);
  assert.is(preprocess[0]!.standardize.std.length, 4);
  assert.equal([...tensors.keys()].sort(), ["dense/bias", "dense/kernel", "dense_1/bias", "dense_1/kernel"]);

  // The stored source is a program of its own: the model and the constant it uses, no data or train.
  const source = header["dl.source"]!;
  assert.match(source, "let width = 16");
  assert.match(source, "model net {");
  assert.not.match(source, "data flowers");
  assert.not.match(source, "train net");
  const parsed = parse(source);
  const checked = check(parsed.program);
  assert.not.ok(hasErrors([...parsed.diagnostics, ...checked.diagnostics]));
  const model = checked.program.models.get("net")!;
  assert.is(header["dl.architecture"], architectureHash(model));
  assert.is(header["dl.architecture"], architectureHash(loaded.checked.models.get("net")!));
  assert.match(header["dl.architecture"]!, /^[0-9a-f]{16}$/);
  // And the file loads into the model rebuilt from it.
  const runtime = new ModelRuntime(new CpuBackend(), model, JSON.parse(header["dl.loss"]!), 0);
  loadWeights(runtime, path);
  assert.equal(await runtime.backend.read(runtime.weights[1]!.tensor), tensors.get("dense/bias")!.data);
  assert.ok(readFileSync(path).length > 0);
});

test("`save` then `load` in another program: `evaluate` reports exactly the same loss and accuracy", async () => {
  const path = join(tmp, "load.safetensors");
  const first = collect();
  await runProgram(compile(program(layers, `\nevaluate net on flowers\nsave net "${path}"\n`)), {
    backend: new CpuBackend(),
    reporter: first.reporter,
  });
  const second = collect();
  const loading = program(layers).replace(/\ntrain net on flowers \{[^}]*\}\n/, "\n") + `\nload net "${path}"\nevaluate net on flowers\n`;
  assert.not.match(loading, "train net");
  await runProgram(compile(loading), { backend: new CpuBackend(), reporter: second.reporter });
  assert.is(second.epochs.length, 0);
  assert.is(first.evaluated.length, 1);
  assert.equal(second.evaluated, first.evaluated);
  assert.ok(first.evaluated[0]!.logs["accuracy"]! > 0.5);
});

test.after(() => rmSync(tmp, { recursive: true, force: true }));

test.run();
