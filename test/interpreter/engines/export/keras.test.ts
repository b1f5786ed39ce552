// Keras 3 `.keras` export (experimental: no Keras here to load it). Its structure and weight
// values are read back independently by Python's h5py (skipped, with the reason, where
// /usr/bin/python3 has no h5py): every dataset at the path Keras 3 reads it from
// (layers/NAME/vars/i, cell/vars/i, forward_layer/cell/vars/i, query_dense/vars/i), in Keras'
// shapes (attention kernels [features, heads, key_dim]) and with dl's values. Then the round
// trip: the .keras file imports back into the same summary, parameters and predictions.
import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { strFromU8, unzipSync } from "fflate";
import { test } from "uvu";
import * as assert from "uvu/assert";
import { CpuBackend } from "../../../../interpreter/backends/cpu/cpu-backend.ts";
import { programFromKeras } from "../../../../interpreter/engines/keras/import-model.ts";
import { kerasFile, readKerasFile } from "../../../../interpreter/engines/keras/keras-file.ts";
import { refusals, toKerasGraph } from "../../../../interpreter/engines/keras/keras-graph.ts";
import { predict } from "../../../../interpreter/runtime/evaluate.ts";
import { ModelRuntime } from "../../../../interpreter/runtime/model-runtime.ts";
import { loadWeights } from "../../../../interpreter/runtime/weights.ts";
import { countParams, summarize } from "../../../../interpreter/summary.ts";
import { build, dlPredictions, inputs, maxAbsDifference, sources } from "./models.ts";

const tmp = mkdtempSync(join(tmpdir(), "dl-keras-test-"));
test.after(() => rmSync(tmp, { recursive: true, force: true }));

const python = "/usr/bin/python3";
const h5py = spawnSync(python, ["-c", "import h5py"], { encoding: "utf8" });
const h5pyMissing =
  h5py.status === 0 ? undefined : `${python} has no h5py (${(h5py.stderr || String(h5py.error)).trim().split("\n").at(-1)})`;

/** Every dataset of the .keras file's model.weights.h5 as h5py reads it: shape and values. */
function readWithH5py(path: string): Record<string, { shape: number[]; values: number[] }> {
  const script = `
import h5py, io, json, sys, zipfile
with zipfile.ZipFile(sys.argv[1]) as z:
    names = sorted(z.namelist())
    f = h5py.File(io.BytesIO(z.read("model.weights.h5")), "r")
out = {}
def visit(name, obj):
    if isinstance(obj, h5py.Dataset):
        out[name] = {"shape": list(obj.shape), "values": [float(v) for v in obj[()].ravel()], "dtype": str(obj.dtype)}
f.visititems(visit)
print(json.dumps({"names": names, "datasets": out}))
`;
  const run = spawnSync(python, ["-c", script, path], { encoding: "utf8", maxBuffer: 512 * 1024 * 1024 });
  assert.is(run.status, 0, run.stderr);
  const result = JSON.parse(run.stdout) as {
    names: string[];
    datasets: Record<string, { shape: number[]; values: number[]; dtype: string }>;
  };
  assert.equal(result.names, ["config.json", "metadata.json", "model.weights.h5"]);
  for (const dataset of Object.values(result.datasets)) assert.is(dataset.dtype, "float32");
  return result.datasets;
}

const models = ["mnist_mlp", "mnist_cnn", "conv_batchnorm", "lstm", "gru", "attention", "graph", "residual"];

for (const name of models) {
  test(`${name}: .keras holds Keras 3's layout, read back by h5py`, async () => {
    if (h5pyMissing) {
      console.log(`  skipped: ${h5pyMissing}`);
      return;
    }
    const built = await build(sources[name]!);
    assert.equal(refusals(built.model, "keras"), []);
    const path = join(tmp, `${name}.keras`);
    writeFileSync(path, await kerasFile(built.model, built.weights));
    const datasets = readWithH5py(path);
    const graph = toKerasGraph(built.model, built.weights, "keras");
    const expected = graph.nodes.flatMap((node) => node.weights.map((w) => [`layers/${node.name}/${w.place.h5}`, w] as const));
    assert.equal(Object.keys(datasets).sort(), expected.map(([p]) => p).sort());
    for (const [datasetPath, weight] of expected) {
      assert.equal(datasets[datasetPath]!.shape, [...weight.place.shape], datasetPath);
      assert.is(maxAbsDifference(datasets[datasetPath]!.values, weight.data), 0, datasetPath);
    }
  });
}

test("attention weights are in Keras' [features, heads, key_dim] layout; causal is a call argument", async () => {
  const built = await build(sources["attention"]!);
  const entries = unzipSync(await kerasFile(built.model, built.weights));
  const config = JSON.parse(strFromU8(entries["config.json"]!)) as {
    class_name: string;
    config: { layers: { class_name: string; config: Record<string, unknown>; inbound_nodes: { kwargs: Record<string, unknown> }[] }[] };
  };
  assert.is(config.class_name, "Functional");
  const mha = config.config.layers.find((l) => l.class_name === "MultiHeadAttention")!;
  assert.equal([mha.config["num_heads"], mha.config["key_dim"]], [2, 4]);
  assert.equal(mha.inbound_nodes[0]!.kwargs, { use_causal_mask: true });
  const places = toKerasGraph(built.model, built.weights, "keras").nodes[0]!.weights.map((w) => [w.place.h5, w.place.shape]);
  assert.equal(places[0], ["query_dense/vars/0", [8, 2, 4]]);
  assert.equal(places.at(-2), ["output_dense/vars/0", [2, 4, 8]]);
});

for (const name of models) {
  test(`${name}: .keras imports back with the same summary, parameters and predictions`, async () => {
    const built = await build(sources[name]!);
    const { topology, lookup } = await readKerasFile(await kerasFile(built.model, built.weights));
    const imported = await programFromKeras(topology, lookup);
    assert.equal(countParams(imported.model.nodes), countParams(built.model.nodes));
    if (name !== "residual") assert.fixture(summarize(imported.model), summarize(built.model));
    const path = join(tmp, `${name}-imported.safetensors`);
    writeFileSync(path, imported.weights);
    const runtime = new ModelRuntime(new CpuBackend(), imported.model, { name: "mean_squared_error", config: {} }, 0);
    loadWeights(runtime, path);
    const x = inputs(built.model);
    const features = { features: x, featureShape: [...built.model.inputShape], labels: new Float32Array(0), labelShape: [], count: 100 };
    const difference = maxAbsDifference(await predict(runtime, features), await dlPredictions(built, x));
    console.log(`  keras round trip ${name}: max abs difference ${difference.toExponential(2)}`);
    assert.ok(difference <= 1e-6, `${difference}`);
  });
}

test.run();
