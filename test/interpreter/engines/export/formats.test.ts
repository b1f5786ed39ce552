// `dl export --to tfjs|keras` through the shared plumbing: the weights file's preprocessing
// (scale, then standardize) is folded into the front of the exported model, so TF.js predicts
// from raw inputs what dl predicts from preprocessed ones; the .keras file imports back with the
// same preprocessing in its weights file's header. The command line refuses attention for
// TF.js on its line (DL601), exit 1, nothing written.
import * as tf from "@tensorflow/tfjs";
import { spawnSync } from "node:child_process";
import { mkdtempSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { test } from "uvu";
import * as assert from "uvu/assert";
import { exportModel } from "../../../../interpreter/engines/export/export-model.ts";
import { programFromKeras } from "../../../../interpreter/engines/keras/import-model.ts";
import { readKerasFile } from "../../../../interpreter/engines/keras/keras-file.ts";
import { saveWeights } from "../../../../interpreter/runtime/weights.ts";
import { decodeSafetensors } from "../../../../stdlib/safetensors.ts";
import { compile } from "../../runtime/helpers.ts";
import { build, dlPredictions, inputs, maxAbsDifference, sources } from "./models.ts";

const tmp = mkdtempSync(join(tmpdir(), "dl-formats-test-"));
test.after(() => rmSync(tmp, { recursive: true, force: true }));

const source = `model m {
  input 3
  layer dense 8 tanh
  layer dense 2 softmax
}
`;
const preprocess = [{ scale: 0.5 }, { standardize: { mean: [0.1, -0.2, 0.3], std: [1.5, 0.5, 2] } }];

async function exported(to: string) {
  const built = await build(source);
  const path = join(tmp, `m-${to}.safetensors`);
  await saveWeights(built.runtime, path, { model: "m", source, loss: built.runtime.loss, metrics: [], preprocess });
  const loaded = compile(source, join(tmp, "m.dl"));
  return { built, result: await exportModel(loaded, { to, weights: path }) };
}

test("tfjs: preprocessing is folded in: TF.js on raw inputs predicts what dl predicts on preprocessed ones", async () => {
  const { built, result } = await exported("tfjs");
  assert.ok("folder" in result.output);
  const files = (result.output as { folder: ReadonlyMap<string, Uint8Array> }).folder;
  const json = JSON.parse(new TextDecoder().decode(files.get("model.json")!)) as {
    modelTopology: object;
    weightsManifest: { weights: tf.io.WeightsManifestEntry[] }[];
  };
  const bin = files.get("group1-shard1of1.bin")!;
  const model = await tf.loadLayersModel({
    load: async () => ({
      modelTopology: json.modelTopology,
      weightSpecs: json.weightsManifest[0]!.weights,
      weightData: Uint8Array.from(bin).buffer,
    }),
  });
  const raw = inputs(built.model).map((v) => v * 8 - 4);
  const prepared = raw.map((v, i) => (v * 0.5 - preprocess[1]!.standardize!.mean[i % 3]!) / preprocess[1]!.standardize!.std[i % 3]!);
  const actual = await (model.predict(tf.tensor(raw, [100, 3])) as tf.Tensor).data();
  const difference = maxAbsDifference(actual, await dlPredictions(built, prepared));
  console.log(`  tfjs with preprocessing: max abs difference ${difference.toExponential(2)}`);
  assert.ok(difference <= 1e-5, `${difference}`);
});

test("keras: preprocessing becomes Rescaling and Normalization, and imports back as preprocessing", async () => {
  const { result } = await exported("keras");
  const { topology, lookup } = await readKerasFile((result.output as { file: Uint8Array }).file);
  assert.equal(
    topology.layers.slice(0, 2).map((l) => l.className),
    ["Rescaling", "Normalization"],
  );
  const imported = await programFromKeras(topology, lookup);
  const header = decodeSafetensors(imported.weights, "imported").metadata;
  const restored = JSON.parse(header["dl.preprocess"]!) as typeof preprocess;
  assert.is(restored[0]!.scale, 0.5);
  assert.equal(restored[1]!.standardize!.mean, preprocess[1]!.standardize!.mean);
  assert.ok(maxAbsDifference(restored[1]!.standardize!.std, preprocess[1]!.standardize!.std) < 1e-12);
});

test("dl export --to tfjs refuses attention on its line (DL601), exit 1, nothing written", () => {
  const folder = mkdtempSync(join(tmp, "cli-"));
  writeFileSync(join(folder, "a.dl"), sources["attention"]!);
  const run = spawnSync(process.execPath, ["bin/dl.js", "export", join(folder, "a.dl"), "--to", "tfjs", "--out", join(folder, "out")], {
    encoding: "utf8",
    env: { ...process.env, NO_COLOR: "1" },
  });
  assert.is(run.status, 1);
  assert.match(run.stderr, /a\.dl:3:3: error\[DL601\]: layer `attention` of model `attention` has no tfjs counterpart/);
  assert.match(run.stderr, /TF\.js 4\.22 has no MultiHeadAttention layer/);
  assert.equal(readdirSync(folder), ["a.dl"]);
});

test.run();
