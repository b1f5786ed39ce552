// The webgl backend in Node. Without a WebGL context (CI does not build the optional `gl`
// package) loading it must fail with a one-line BackendUnavailableError, and the GPU tests
// are skipped with that reason. With one (`gl` built, under `xvfb-run -a`, see docs/webgl.md)
// every kernel must match the CPU's within 1e-4 and a small model must train to the same
// weights on both backends.
import { test } from "uvu";
import * as assert from "uvu/assert";
import { BackendUnavailableError, type Backend } from "../../../../interpreter/backends/backend.ts";
import { compareValues } from "../../../../interpreter/backends/compare.ts";
import { CpuBackend } from "../../../../interpreter/backends/cpu/cpu-backend.ts";
import type { KernelName } from "../../../../interpreter/backends/kernel-names.ts";
import { loadBackend } from "../../../../interpreter/backends/registry.ts";
import type { CheckedTrain } from "../../../../interpreter/check/checked.ts";
import { fitToInput, prepareData } from "../../../../interpreter/runtime/data.ts";
import { fit } from "../../../../interpreter/runtime/fit.ts";
import { ModelRuntime } from "../../../../interpreter/runtime/model-runtime.ts";
import { kernelParity } from "../../../helpers/kernel-parity.ts";
import { compile } from "../../runtime/helpers.ts";

const TOLERANCE = 1e-4;

const webgl: Backend | BackendUnavailableError = await loadBackend("webgl").catch((error: unknown) => {
  if (error instanceof BackendUnavailableError) return error;
  throw error;
});

if (webgl instanceof BackendUnavailableError) {
  test("without a WebGL context, loading says why and what to do, on one line", () => {
    assert.match(webgl.message, /^webgl backend unavailable: .+; .*(docs\/webgl\.md|WebGL2)/);
    assert.not.match(webgl.message, /\n/);
  });
  console.log(`webgl: skipped the GPU tests: ${webgl.message}`);
} else {
  const backend = webgl;
  console.log(`webgl: ${backend.describe()}`);

  test("describe() names the WebGL version, the renderer, float32 and the gpu.js kernel class", () => {
    assert.match(backend.describe(), /^webgl[12].* on .+, float32, gpu\.js (HeadlessGLKernel|WebGL2Kernel|WebGLKernel)$/);
  });

  test(`every kernel matches the cpu backend within ${TOLERANCE} (relative to max(|cpu|, 1))`, async () => {
    const results = await kernelParity(new CpuBackend(), backend);
    assert.equal(new Set(results.map((r) => r.kernel)), backend.kernels, "a case for every kernel");
    const worst = new Map<string, number>();
    for (const { kernel, maxRel } of results) worst.set(kernel, Math.max(worst.get(kernel) ?? 0, maxRel));
    console.log(`webgl: worst relative difference per kernel: ${[...worst].map(([k, v]) => `${k} ${v.toExponential(1)}`).join(", ")}`);
    const failing = results.filter((r) => !(r.maxRel <= TOLERANCE));
    assert.equal(failing, [], failing.map((r) => `${r.kernel} (${r.case}): max rel ${r.maxRel}`).join("\n"));
  });

  test("write then read returns the values, and every tensor reads back its own values", async () => {
    const a = backend.alloc([3, 50000]);
    const b = backend.alloc([7]);
    const values = Float32Array.from({ length: a.size }, (_, i) => Math.sin(i) * 1e3);
    backend.write(a, values);
    backend.write(b, [1, 2, 3, 4, 5, 6, 7]);
    assert.equal(await backend.read(a), values);
    assert.equal(await backend.read(b), new Float32Array([1, 2, 3, 4, 5, 6, 7]));
    assert.equal(await backend.read(backend.alloc([4])), new Float32Array(4), "alloc zero-fills");
  });

  test("an in-place update replaces the values its inputs held, and other tensors keep theirs", async () => {
    const w = backend.alloc([4]);
    const g = backend.alloc([4]);
    const copy = backend.alloc([4]);
    backend.write(w, [1, 2, 3, 4]);
    backend.write(g, [10, 20, 30, 40]);
    backend.run("copy", [w], [copy]);
    for (let step = 0; step < 3; step++) backend.run("sgd_update", [w, g], [w], { lr: 0.1 });
    assert.equal(await backend.read(w), new Float32Array([-2, -4, -6, -8]));
    assert.equal(await backend.read(copy), new Float32Array([1, 2, 3, 4]));
  });

  test("a label or token index out of range gives NaN, so training stops on a non-finite loss", async () => {
    const probabilities = backend.alloc([2, 3]);
    const labels = backend.alloc([2]);
    const loss = backend.alloc([1]);
    backend.write(probabilities, [0.2, 0.3, 0.5, 0.1, 0.1, 0.8]);
    for (const [label, finite] of [
      [2, true],
      [3, false],
      [-1, false],
      [1.5, false],
    ] as const) {
      backend.write(labels, [0, label]);
      for (const kernel of ["sparse_cce", "sparse_cce_logits"] as const) {
        backend.run(kernel, [probabilities, labels], [loss]);
        assert.is(Number.isFinite((await backend.read(loss))[0]), finite, `${kernel} with label ${label}`);
      }
    }
    const table = backend.alloc([4, 2]);
    const indices = backend.alloc([3]);
    const rows = backend.alloc([3, 2]);
    backend.write(table, [0, 1, 2, 3, 4, 5, 6, 7]);
    backend.write(indices, [3, 4, 1]);
    backend.run("embedding", [indices, table], [rows]);
    assert.equal([...(await backend.read(rows))], [6, 7, NaN, NaN, 2, 3]);
  });

  test("it has every kernel the cpu backend has, and throws for unknown ones", () => {
    assert.equal(backend.kernels, new CpuBackend().kernels);
    assert.throws(() => backend.run("no_such_kernel" as KernelName, [], []), /webgl backend has no kernel "no_such_kernel"/);
  });

  test("an MLP trained with Adam and sparse cross-entropy ends with the cpu's weights", async () => {
    const { checked } = compile(`model net {
  input 4
  layer dense 16 relu
  layer dense 8 tanh
  layer dense 3 softmax
}

data flowers {
  source iris
  standardize
  validation 0.2
}

train net on flowers {
  optimizer adam lr=0.01
  loss sparse_categorical_crossentropy
  epochs 2
  batch 16
  seed 3
}
`);
    const train = (checked.workflow.find((s) => s.type === "train") as { train: CheckedTrain }).train;
    const model = checked.models.get(train.model)!;
    const trainOn = async (on: Backend) => {
      const { splits } = prepareData(checked.data.get(train.data)!, "test.dl");
      const data = fitToInput(splits, model.inputShape, train.data);
      const runtime = new ModelRuntime(on, model, train.loss, train.seed);
      const history = await fit(runtime, data.train, data.validation, train);
      const weights = await Promise.all(runtime.weights.map((w) => on.read(w.tensor)));
      return { history, weights, names: runtime.weights.map((w) => w.name) };
    };
    const cpu = await trainOn(new CpuBackend());
    const gpu = await trainOn(backend);
    assert.is(gpu.history.epochs.length, 2);
    cpu.weights.forEach((expected, i) => {
      const { maxRel } = compareValues(gpu.weights[i]!, expected);
      assert.ok(maxRel <= TOLERANCE, `${cpu.names[i]}: max rel ${maxRel}`);
    });
    const cpuLoss = cpu.history.epochs[1]!["loss"]!;
    const gpuLoss = gpu.history.epochs[1]!["loss"]!;
    assert.ok(Math.abs(gpuLoss - cpuLoss) <= TOLERANCE * Math.max(1, cpuLoss), `loss ${gpuLoss} vs ${cpuLoss}`);
  });
}

test.run();
