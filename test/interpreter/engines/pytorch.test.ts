// The PyTorch engine against dl's cpu backend: from the same initial weights and batches, an MLP
// (Adam, shuffled, with validation) and a small CNN (TensorFlow `same` padding with an odd
// extra row, pooling, SGD with momentum) end within 1e-4 of dl's weights; 2 DDP processes end
// within 1e-5 of 1 process, with identical replicas; the saved file loads back into dl (`load`,
// `dl predict`) and gives the accuracy PyTorch printed; what cannot be generated is refused on
// its line before anything is written. Skipped, with the reason, where Python has no torch,
// unless DL_REQUIRE_PYTORCH=1 (CI), which makes that a failure.
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { test } from "uvu";
import * as assert from "uvu/assert";
import { DiagnosticError } from "../../../diagnostics/diagnostic.ts";
import { CpuBackend } from "../../../interpreter/backends/cpu/cpu-backend.ts";
import { findPythonWithTorch, runPytorch } from "../../../interpreter/engines/pytorch/run-pytorch.ts";
import { generatePytorch } from "../../../interpreter/engines/pytorch/export.ts";
import { prepareData } from "../../../interpreter/runtime/data.ts";
import { predictFile } from "../../../interpreter/runtime/predict-file.ts";
import { runProgram } from "../../../interpreter/run.ts";
import { readSafetensors } from "../../../stdlib/safetensors.ts";
import { compile, collect } from "../runtime/helpers.ts";

const tmp = mkdtempSync(join(tmpdir(), "dl-pytorch-test-"));
test.after(() => rmSync(tmp, { recursive: true, force: true }));

const mlp = `
model m {
  input 2
  layer dense 16 relu
  layer dense 8 tanh
  layer dense 3 softmax
}

data d {
  source spirals points=40 classes=3
  validation 0.25
}

train m on d {
  optimizer adam lr=0.01
  loss sparse_categorical_crossentropy
  metrics accuracy
  epochs 3
  batch 8
  seed 7
}

evaluate m on d
save m "m.safetensors"
`;

const cnn = `
model c {
  input 7 7 1
  layer conv2d 4 relu kernel=3 padding=same
  layer conv2d 6 relu kernel=2 strides=2 padding=same
  layer maxpool2d 2
  layer flatten
  layer dense 3 softmax
}

data images {
  source json "images.json" classes=true
}

train c on images {
  optimizer sgd lr=0.05 momentum=0.9
  loss sparse_categorical_crossentropy
  metrics accuracy
  epochs 2
  batch 6
  seed 3
}

save c "c.safetensors"
`;

/** 36 seeded 7×7 images of 3 classes (a bright row, column or diagonal). */
function writeImages(folder: string): void {
  let state = 12345;
  const noise = () => ((state = (state * 1103515245 + 12345) % 2147483648) / 2147483648) * 0.3;
  const examples = Array.from({ length: 36 }, (_, i) => {
    const y = i % 3;
    const x = Array.from({ length: 49 }, (_, p) => {
      const [r, c] = [Math.floor(p / 7), p % 7];
      return (y === 0 ? r === 3 : y === 1 ? c === 3 : r === c) ? 1 - noise() : noise();
    });
    return { x, y };
  });
  writeFileSync(join(folder, "images.json"), JSON.stringify(examples));
}

/** Writes `source` as FILE.dl in a fresh folder (with the images), and the program as runProgram sees it. */
function program(source: string, name: string) {
  const folder = mkdtempSync(join(tmp, `${name}-`));
  writeImages(folder);
  const file = join(folder, `${name}.dl`);
  writeFileSync(file, source);
  return { folder, loaded: compile(source, file) };
}

function weights(path: string): Map<string, Float32Array> {
  return new Map([...readSafetensors(path).tensors].map(([name, tensor]) => [name, tensor.data as Float32Array]));
}

/**
 * The largest |a - b| / (|b| + floor) over every weight: relative, down to values of about `floor`.
 * floor 1 is the conformance tests' rule (|a - b| <= 1e-4 + 1e-4 |b| for a float32 engine).
 */
function largestDifference(a: Map<string, Float32Array>, b: Map<string, Float32Array>, floor = 1e-4): number {
  assert.equal([...a.keys()].sort(), [...b.keys()].sort());
  let largest = 0;
  for (const [name, values] of b) {
    const other = a.get(name)!;
    for (let i = 0; i < values.length; i++) largest = Math.max(largest, Math.abs(other[i]! - values[i]!) / (Math.abs(values[i]!) + floor));
  }
  return largest;
}

/** Runs with dl's cpu backend, then with PyTorch on 1 and 2 processes; each run's saved weights and PyTorch's log. */
async function runAll(source: string, name: string, save: string) {
  const { folder, loaded } = program(source, name);
  const path = join(folder, save);
  const run = collect();
  await runProgram(loaded, { backend: new CpuBackend(), reporter: run.reporter });
  const dl = weights(path);
  const logs: string[] = [];
  const torch: Map<string, Float32Array>[] = [];
  for (const nproc of [1, 2]) {
    let log = "";
    await runPytorch(loaded, { nproc, device: "cpu", log: (text) => (log += text) });
    logs.push(log);
    torch.push(weights(path));
  }
  return { folder, path, loaded, run, dl, torch, logs };
}

const python = findPythonWithTorch();
if (!python) {
  const reason = "no python3 with torch and numpy (install python3-torch libopenblas0-pthread)";
  if (process.env["DL_REQUIRE_PYTORCH"] === "1") test("PyTorch is installed (DL_REQUIRE_PYTORCH=1)", () => assert.unreachable(reason));
  else {
    console.log(`pytorch engine tests skipped: ${reason}`);
    test.skip("pytorch engine");
  }
} else {
  // One thread per process: the test machine's cores are shared.
  process.env["OMP_NUM_THREADS"] = "1";

  test("MLP (Adam, shuffled, validation): PyTorch ends within 1e-4 of dl, 2 processes within 1e-5 of 1; the file loads back with the printed accuracy", async () => {
    const { folder, path, loaded, run, dl, torch, logs } = await runAll(mlp, "mlp", "m.safetensors");
    assert.ok(largestDifference(torch[0]!, dl) < 1e-4, `1 process vs dl: ${largestDifference(torch[0]!, dl)}`);
    assert.ok(largestDifference(torch[1]!, torch[0]!) < 1e-5, `2 processes vs 1: ${largestDifference(torch[1]!, torch[0]!)}`);
    assert.match(logs[1]!, "Replicas: the 2 processes end with identical weights");
    assert.match(logs[0]!, /^Epoch 3\/3 - [\d.]+s - loss: [\d.]+ - accuracy: [\d.]+ - val_loss: [\d.]+ - val_accuracy: [\d.]+$/m);
    const printed = Number(logs[1]!.match(/Evaluate m on d \(120 examples\): loss: [\d.]+ - accuracy: ([\d.]+)/)![1]);
    assert.is(printed.toFixed(4), run.evaluated[0]!.logs["accuracy"]!.toFixed(4));

    // `load` and `evaluate` in dl give the accuracy PyTorch printed.
    const reloaded = collect();
    const check = compile(
      mlp.replace(/train m on d \{[^}]*\}\n\nevaluate m on d\nsave m "m.safetensors"/, `load m "${path}"\nevaluate m on d`),
      join(folder, "load.dl"),
    );
    await runProgram(check, { backend: new CpuBackend(), reporter: reloaded.reporter });
    assert.is(reloaded.evaluated[0]!.logs["accuracy"]!.toFixed(4), printed.toFixed(4));

    // So does `dl predict` on the same points written as CSV.
    const data = prepareData(loaded.checked.data.get("d")!, loaded.file).splits.all;
    const csv = ["x0,x1", ...Array.from({ length: data.count }, (_, i) => `${data.features[2 * i]},${data.features[2 * i + 1]}`)].join(
      "\n",
    );
    writeFileSync(join(folder, "points.csv"), csv + "\n");
    const { rows: predictions } = await predictFile(path, join(folder, "points.csv"), new CpuBackend());
    const correct = predictions.filter((p, i) => Number(p.label) === data.labels[i]).length;
    assert.is((correct / data.count).toFixed(4), printed.toFixed(4));
  });

  test("a cosine schedule with warmup and early stopping that restores the best epoch: PyTorch stops where dl stops and ends within 1e-4 of dl", async () => {
    const source = mlp
      .replace("optimizer adam lr=0.01", "optimizer adam lr=0.05")
      .replace(
        "  epochs 3",
        "  schedule cosine_decay decay_steps=40 warmup_target=0.1 warmup_steps=10\n  early_stopping monitor=val_accuracy patience=2 restore_best=true\n  epochs 12",
      );
    const { folder, loaded } = program(source, "schedule");
    const run = collect();
    await runProgram(loaded, { backend: new CpuBackend(), reporter: run.reporter });
    const dl = weights(join(folder, "m.safetensors"));
    let log = "";
    await runPytorch(loaded, { nproc: 1, device: "cpu", log: (text) => (log += text) });
    assert.ok(run.epochs.length < 12);
    assert.match(log, run.stopped[0]!);
    assert.ok(largestDifference(weights(join(folder, "m.safetensors")), dl) < 1e-4);
  });

  test("recurrent layers (lstm, gru, simple_rnn; RMSprop, mae), and batch and layer normalization, zero padding and upsampling in a residual CNN: PyTorch ends within the conformance tolerance (1e-4 + 1e-4 |w|) of dl", async () => {
    const recurrent = `
model r {
  input 10 1
  layer lstm 6 return_sequences=true
  layer gru 5 return_sequences=true
  layer simple_rnn 4
  layer dense 1
}

data wave {
  source sine points=80 window=10 noise=0.1
  validation 0.2
}

train r on wave {
  optimizer rmsprop lr=0.01
  loss mean_squared_error
  metrics mae
  epochs 2
  batch 8
  seed 5
}

save r "r.safetensors"
`;
    // Without a bias before batchnorm: its gradient is zero up to rounding, which Adam or momentum would amplify into noise.
    const normalized = `
model b {
  input 7 7 1
  layer conv2d 4 kernel=3 padding=same use_bias=false
  layer batchnorm
  layer relu
  layer zeropadding2d 1
  layer upsampling2d 2
  residual {
    layer conv2d 4 kernel=3 padding=same use_bias=false
    layer batchnorm momentum=0.9
  }
  layer global_avgpool2d
  layer layernorm
  layer dense 3 softmax
}

data images {
  source json "images.json" classes=true
  validation 0.2
}

train b on images {
  optimizer adam lr=0.01
  loss sparse_categorical_crossentropy
  metrics accuracy
  epochs 2
  batch 6
  seed 3
}

save b "b.safetensors"
`;
    for (const [source, save] of [
      [recurrent, "r.safetensors"],
      [normalized, "b.safetensors"],
    ] as const) {
      const { folder, loaded } = program(source, save.slice(0, 1));
      await runProgram(loaded, { backend: new CpuBackend(), reporter: collect().reporter });
      const dl = weights(join(folder, save));
      await runPytorch(loaded, { nproc: 1, device: "cpu", log: () => {} });
      // Small weights (about 1e-3) that Adam moves by noise-sized gradients differ by float32 rounding (~1e-6 absolute): the conformance rule.
      const difference = largestDifference(weights(join(folder, save)), dl, 1);
      assert.ok(difference < 1e-4, `${save}: ${difference}`);
    }
  });

  test("small CNN (same padding with an odd extra row, max pooling, SGD momentum): PyTorch ends within 1e-4 of dl, 2 processes within 1e-5 of 1", async () => {
    const { dl, torch, logs } = await runAll(cnn, "cnn", "c.safetensors");
    assert.ok(largestDifference(torch[0]!, dl) < 1e-4, `1 process vs dl: ${largestDifference(torch[0]!, dl)}`);
    assert.ok(largestDifference(torch[1]!, torch[0]!) < 1e-5, `2 processes vs 1: ${largestDifference(torch[1]!, torch[0]!)}`);
    assert.match(logs[1]!, "Replicas: the 2 processes end with identical weights");
  });
}

test("a layer without a PyTorch form is refused on its line before anything is written", async () => {
  const { folder, loaded } = program(mlp.replace("layer dense 8 tanh", "layer reshape 16 1\n  layer conv1d 4\n  layer flatten"), "refused");
  const keep = join(folder, "kept");
  try {
    await runPytorch(loaded, { nproc: 1, device: "cpu", keep });
    assert.unreachable("ran");
  } catch (e) {
    assert.instance(e, DiagnosticError);
    const { diagnostic } = e as DiagnosticError;
    assert.is(diagnostic.code, "DL304");
    assert.is(diagnostic.span.start.line, 6);
    assert.match(diagnostic.message, "layer `conv1d` of model `m` cannot run on the pytorch engine");
  }
  assert.not.ok(existsSync(keep));
  assert.equal(readdirSync(folder).sort(), ["images.json", "refused.dl"]);
});

test("export writes the program, dl's initial weights, the data as .npy and the weights header, without needing PyTorch", async () => {
  const { folder, loaded } = program(mlp, "export");
  const out = join(folder, "out");
  mkdirSync(out);
  await generatePytorch(loaded).write(out);
  assert.equal(readdirSync(out).sort(), [
    "dl_support.py",
    "header.json",
    "initial.safetensors",
    "train.py",
    "x_train.npy",
    "x_validation.npy",
    "y_train.npy",
    "y_validation.npy",
  ]);
  const train = readFileSync(join(out, "train.py"), "utf8");
  assert.match(train, "Adam(params, learning_rate=0.01, beta_1=0.9, beta_2=0.999, epsilon=1e-7)");
  assert.match(train, '"dense/kernel": ("dense.weight", "dense_kernel"),');
  const npy = readFileSync(join(out, "x_train.npy"));
  assert.is(npy.subarray(0, 6).toString("latin1"), "\x93NUMPY");
  assert.match(npy.toString("latin1", 10, 80), "'shape': (90, 2)");
  assert.is((10 + npy.readUInt16LE(8)) % 64, 0);
  assert.is(npy.length, 10 + npy.readUInt16LE(8) + 90 * 2 * 4);
  const header = JSON.parse(readFileSync(join(out, "header.json"), "utf8")) as Record<string, string>;
  assert.is(header["format"], "dl");
  assert.is(header["dl.model"], "m");
});

test("gradient clipping is refused on the optimizer line", () => {
  const { loaded } = program(mlp.replace("optimizer adam lr=0.01", "optimizer adam lr=0.01 clipnorm=1.0"), "clipping");
  try {
    generatePytorch(loaded);
    assert.unreachable("generated");
  } catch (e) {
    assert.instance(e, DiagnosticError);
    const { diagnostic } = e as DiagnosticError;
    assert.is(diagnostic.span.start.line, 15);
    assert.match(diagnostic.label ?? "", "gradient clipping (`clipnorm`)");
  }
});

test.run();
