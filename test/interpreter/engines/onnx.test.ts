// The ONNX export in its real consumer: each model below trains briefly in dl (a few batches of
// seeded random data, so every weight and batchnorm statistic is off its initial value), is
// exported from its saved weights file and runs in onnxruntime-node on 100 raw inputs; its outputs
// match `dl predict`'s on the same inputs within 1e-5 (max abs), preprocessing included, since
// the export folds it into the graph. Where /usr/bin/python3 has the onnx package, each file also
// passes onnx.checker.check_model(full_check=True); where it has not, that check is skipped with
// the reason printed.
import { spawnSync } from "node:child_process";
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import * as ort from "onnxruntime-node";
import { test } from "uvu";
import * as assert from "uvu/assert";
import { Random } from "../../../interpreter/autograd/random.ts";
import { CpuBackend } from "../../../interpreter/backends/cpu/cpu-backend.ts";
import type { CheckedNode } from "../../../interpreter/check/checked.ts";
import { exportModel } from "../../../interpreter/engines/export/export-model.ts";
import { onnxKinds } from "../../../interpreter/engines/onnx/layer-nodes.ts";
import { predictFile } from "../../../interpreter/runtime/predict-file.ts";
import { runProgram } from "../../../interpreter/run.ts";
import { layers } from "../../../stdlib/layers/index.ts";
import { compile } from "../runtime/helpers.ts";

const tmp = mkdtempSync(join(tmpdir(), "dl-onnx-test-"));
test.after(() => rmSync(tmp, { recursive: true, force: true }));

const TOLERANCE = 1e-5;
const INPUTS = 100;

/** The example's model and preprocessing, trained for one epoch on 64 random images instead of MNIST. */
function example(file: string): string {
  return readFileSync(join("examples", file), "utf8")
    .replace("source mnist", 'source json "data.json" classes=true')
    .replace(/validation [\d.]+/, "validation 0.25")
    .replace(/epochs \d+/, "epochs 1")
    .replace(/^evaluate .*$/m, "")
    .replace(/save (\w+) "[^"]+"/, 'save $1 "model.safetensors"');
}

/** A program around a model: random data of `width` values per example (`values` of them: whole numbers below it, or 0…1), `steps` preprocessing. */
function program(model: string, steps = "", batch = 16): string {
  return `${model}

data d {
  source json "data.json" classes=true
  ${steps}
  validation 0.25
}

train d_model on d {
  optimizer adam lr=0.01
  loss sparse_categorical_crossentropy
  epochs 2
  batch ${batch}
  seed 3
}

save d_model "model.safetensors"
`;
}

interface Case {
  name: string;
  source: string;
  /** Raw input values are whole numbers below this (pixels, token indices), else uniform in 0…1 scaled by it. */
  values: { integers: number } | { scale: number };
  classes: number;
}

const cases: Case[] = [
  { name: "mnist_mlp", source: example("mnist_mlp.dl"), values: { integers: 256 }, classes: 10 },
  { name: "mnist_cnn", source: example("mnist_cnn.dl"), values: { integers: 256 }, classes: 10 },
  {
    name: "conv_batchnorm",
    source: program(
      `model d_model {
  input 12 12 3
  layer conv2d 8 kernel=3 padding=same use_bias=false
  layer batchnorm
  layer relu
  layer maxpool2d 2
  layer conv2d 12 kernel=3 strides=2 padding=same
  layer batchnorm momentum=0.5
  layer elu
  layer global_avgpool2d
  layer dense 4 softmax
}`,
      "standardize",
    ),
    values: { scale: 50 },
    classes: 4,
  },
  {
    name: "lstm_gru",
    source: program(
      `model d_model {
  input 10
  layer embedding 20 6
  layer lstm 8 return_sequences=true
  layer gru 6 return_sequences=true
  layer bidirectional lstm 4 return_sequences=true
  layer bidirectional gru 3 linear merge=sum return_sequences=true
  layer simple_rnn 5 sigmoid
  layer dense 3 softmax
}`,
    ),
    values: { integers: 20 },
    classes: 3,
  },
  {
    name: "attention",
    source: program(
      `model d_model {
  input 6 8
  layer attention 2 4 causal=true
  layer layernorm
  residual {
    layer dense 16 gelu
    layer dense 8
  }
  layer attention 4 2 as h
  layer dense 8 silu as g
  layer add h g
  layer global_avgpool1d
  layer dense 3 softmax
}`,
      "scale 0.1",
    ),
    values: { scale: 10 },
    classes: 3,
  },
  {
    name: "other_layers",
    source: program(
      `model d_model {
  input 8 8 2
  layer zeropadding2d 1
  layer conv2d 4 tanh kernel=3 dilation=2
  layer upsampling2d 2
  layer avgpool2d 3 strides=2 padding=same
  layer global_maxpool2d as p
  layer reshape 2 2
  layer conv1d 3 sigmoid kernel=2 padding=causal
  layer maxpool1d 2 padding=same
  layer avgpool1d 1
  layer global_maxpool1d
  layer dropout 0.5
  layer dense 4 leaky_relu as q
  layer concat p q
  layer dense 4 softplus
  layer linear
  layer dense 2
  layer log_softmax
  layer flatten
}`,
      "scale 0.5\n  standardize",
    ),
    values: { scale: 4 },
    classes: 2,
  },
];

/** Seeded raw inputs of the case's kind, flat. */
function inputs(c: Case, count: number, width: number, random: Random): number[] {
  return Array.from({ length: count * width }, () =>
    "integers" in c.values ? Math.floor(random.uniform() * c.values.integers) : random.uniform() * c.values.scale,
  );
}

function rows(flat: readonly number[], width: number): number[][] {
  return Array.from({ length: flat.length / width }, (_, i) => flat.slice(i * width, (i + 1) * width));
}

function pythonOnnx(): string | undefined {
  const probe = spawnSync("/usr/bin/python3", ["-c", "import onnx"], { encoding: "utf8" });
  return probe.status === 0
    ? undefined
    : `/usr/bin/python3 has no onnx package (${(probe.stderr || String(probe.error)).trim().split("\n").at(-1)})`;
}
const noChecker = pythonOnnx();
if (noChecker) console.log(`skipping onnx.checker.check_model: ${noChecker}`);

const measured: string[] = [];
test.after(() => console.log(`ONNX export vs dl predict, max abs over ${INPUTS} inputs: ${measured.join(", ")}`));

for (const c of cases) {
  test(`${c.name}: onnxruntime-node matches dl predict within ${TOLERANCE} on ${INPUTS} raw inputs`, async () => {
    const folder = join(tmp, c.name);
    mkdirSync(folder);
    const loaded = { ...compile(c.source), file: join(folder, `${c.name}.dl`) };
    const model = [...loaded.checked.models.values()][0]!;
    const width = model.inputShape.reduce((a, b) => a * b, 1);
    const random = new Random(7);
    const labels = Array.from({ length: 64 }, () => Math.floor(random.uniform() * c.classes));
    writeFileSync(join(folder, "data.json"), JSON.stringify({ features: rows(inputs(c, 64, width, random), width), labels }));
    await runProgram(loaded, { backend: new CpuBackend() });

    const exported = await exportModel(loaded, { to: "onnx" });
    assert.is(exported.weights, join(folder, "model.safetensors"));
    assert.ok("file" in exported.output);
    const bytes = exported.output.file;
    const path = join(folder, `${c.name}.onnx`);
    writeFileSync(path, bytes);

    const raw = inputs(c, INPUTS, width, random);
    writeFileSync(join(folder, "inputs.json"), JSON.stringify({ features: rows(raw, width) }));
    const ours = (await predictFile(join(folder, "model.safetensors"), join(folder, "inputs.json"), new CpuBackend())).rows;
    const session = await ort.InferenceSession.create(bytes);
    const result = await session.run({ input: new ort.Tensor("float32", Float32Array.from(raw), [INPUTS, ...model.inputShape]) });
    const output = result["output"]!;
    assert.equal(output.dims, [INPUTS, ...model.outputShape]);
    const theirs = output.data as Float32Array;
    const size = theirs.length / INPUTS;
    let largest = 0;
    ours.forEach((row, i) => row.output.forEach((value, j) => (largest = Math.max(largest, Math.abs(value - theirs[i * size + j]!)))));
    // The outputs differ between inputs by more than the tolerance: the comparison is not of constants.
    const spread = theirs.reduce((most, value, i) => Math.max(most, Math.abs(value - theirs[i % size]!)), 0);
    assert.ok(spread > 10 * TOLERANCE, `${c.name}: every input gives the same output`);
    measured.push(`${c.name} ${largest.toExponential(2)}`);
    assert.ok(largest <= TOLERANCE, `${c.name}: max abs difference ${largest}`);

    if (!noChecker) {
      const check = spawnSync(
        "/usr/bin/python3",
        ["-c", "import onnx, sys; onnx.checker.check_model(onnx.load(sys.argv[1]), full_check=True)", path],
        { encoding: "utf8" },
      );
      assert.is(check.status, 0, check.stderr);
    }
  });
}

test("every layer kind maps to ONNX, and the cases above use each one", () => {
  const kinds = new Set<string>();
  const collect = (nodes: readonly CheckedNode[]): void =>
    nodes.forEach((node) => (node.type === "layer" ? kinds.add(node.spec.name) : collect(node.body)));
  for (const c of cases) for (const model of compile(c.source).checked.models.values()) collect(model.nodes);
  const activationsOnly = [...layers.values()].filter((spec) => spec.keras === "Activation").map((spec) => spec.name);
  for (const kind of layers.keys()) {
    assert.ok(onnxKinds.includes(kind), `${kind} has no ONNX mapping`);
    // The activation layers share one mapping with the activations of dense and conv layers.
    if (!activationsOnly.includes(kind)) assert.ok(kinds.has(kind), `no case uses ${kind}`);
  }
});

test.run();
