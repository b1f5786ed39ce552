// Backend parity (interpreter/runtime/backend-parity.ts): the CPU against itself is exact, a backend that gets
// one kernel slightly wrong is caught at the layer using it, and one without a kernel is DL304.
import { test } from "uvu";
import * as assert from "uvu/assert";
import { DiagnosticError } from "../../../diagnostics/diagnostic.ts";
import type { Backend } from "../../../interpreter/backends/backend.ts";
import { CpuBackend } from "../../../interpreter/backends/cpu/cpu-backend.ts";
import type { CheckedModel } from "../../../interpreter/check/checked.ts";
import {
  compareBackends,
  defaultLoss,
  PARITY_TOLERANCE,
  randomBatch,
  type ParitySetup,
} from "../../../interpreter/runtime/backend-parity.ts";
import { compile } from "./helpers.ts";

function model(body: string): CheckedModel {
  return compile(`model m {\n${body}\n}\n`).checked.models.get("m")!;
}

const mlp = model("  input 5\n  layer dense 6 relu\n  layer dropout 0.3\n  layer dense 4 tanh\n  layer dense 3 softmax");
const setup = (m: CheckedModel): ParitySetup => ({ model: m, loss: defaultLoss(m), lossSpan: m.span, seed: 7, batch: 3 });

/** The CPU backend, except that `kernel` adds `error` to the first value it writes. */
function perturbing(kernel: string, error: number): Backend {
  const cpu = new CpuBackend();
  const run: Backend["run"] = (name, inputs, outputs, attrs) => {
    cpu.run(name, inputs, outputs, attrs);
    if (name === kernel) (outputs[0] as unknown as { data: Float32Array }).data[0]! += error;
  };
  return Object.assign(Object.create(cpu) as Backend, { name: "perturbed", run });
}

test("the CPU against itself: every layer, gradient and the loss are exactly equal", async () => {
  const residual = model(
    "  input 4\n  layer dense 4 relu\n  residual {\n    layer dense 4 relu\n    layer batchnorm\n  }\n  layer dense 2 softmax",
  );
  for (const m of [mlp, residual]) {
    const report = await compareBackends(setup(m), [new CpuBackend(), new CpuBackend()]);
    assert.ok(report.passed);
    const [result] = report.results;
    assert.equal(result!.worst.maxRel, 0);
    for (const layer of result!.layers) {
      assert.equal(layer.output, { maxAbs: 0, maxRel: 0 }, layer.layer);
      for (const g of layer.gradients) assert.equal(g.difference, { maxAbs: 0, maxRel: 0 }, `${layer.layer} ${g.weight}`);
    }
    if (m === residual)
      assert.equal(
        result!.layers.map((l) => `${l.layer}:${l.kind}`),
        ["dense:dense", "dense_1:dense", "batchnorm:batchnorm", "residual:residual", "dense_2:dense"],
      );
  }
});

test("a backend whose tanh is off by 1e-3 is caught at the tanh layer, not before it", async () => {
  const report = await compareBackends(setup(mlp), [new CpuBackend(), perturbing("tanh", 1e-3)]);
  const [result] = report.results;
  assert.not.ok(report.passed);
  assert.not.ok(result!.passed);
  assert.is(result!.backend, "perturbed");
  const outputs = Object.fromEntries(result!.layers.map((l) => [l.layer, l.output.maxAbs]));
  assert.is(outputs["dense"], 0);
  assert.is(outputs["dropout"], 0);
  assert.ok(Math.abs(outputs["dense_1"]! - 1e-3) < 1e-6, String(outputs["dense_1"]));
  assert.ok(outputs["dense_2"]! > 0);
  // The last layer's weights see the changed activation in their gradients.
  assert.ok(result!.layers.find((l) => l.layer === "dense_2")!.gradients.every((g) => g.difference.maxAbs > 0));
  assert.ok(result!.worst.maxRel > PARITY_TOLERANCE);
  assert.equal(
    result!.layers.map((l) => [l.layer, l.gradients.map((g) => g.weight)]),
    [
      ["dense", ["kernel", "bias"]],
      ["dropout", []],
      ["dense_1", ["kernel", "bias"]],
      ["dense_2", ["kernel", "bias"]],
    ],
  );
});

test("a backend without a kernel the model needs: DL304 at the layer, before anything runs", async () => {
  const cpu = new CpuBackend();
  const noTanh = Object.assign(Object.create(cpu) as Backend, {
    name: "webgl",
    kernels: new Set([...cpu.kernels].filter((k) => !k.startsWith("tanh"))),
  });
  try {
    await compareBackends(setup(mlp), [new CpuBackend(), noTanh]);
    assert.unreachable("compared without tanh");
  } catch (e) {
    assert.instance(e, DiagnosticError);
    const { diagnostic } = e as DiagnosticError;
    assert.is(diagnostic.code, "DL304");
    assert.is(diagnostic.message, "layer `dense_1` of model `m` cannot run on the webgl backend");
    assert.is(diagnostic.span.start.line, 5);
    assert.is(diagnostic.label, "needs kernels `tanh` and `tanh_grad`, which the webgl backend lacks");
  }
});

test("random batches fit the model and the loss: token indices, class indices, one-hot rows", () => {
  const words = model("  input 6\n  layer embedding 20 4\n  layer flatten\n  layer dense 3 softmax");
  assert.equal(defaultLoss(words), { name: "sparse_categorical_crossentropy", config: {} });
  const batch = randomBatch(words, defaultLoss(words), 4, 1);
  assert.is(batch.x.length, 24);
  assert.ok(batch.x.every((v) => Number.isInteger(v) && v >= 0 && v < 20) && new Set(batch.x).size > 3, String(batch.x));
  assert.is(batch.y.length, 4);
  assert.ok(
    batch.y.every((v) => Number.isInteger(v) && v >= 0 && v < 3),
    String(batch.y),
  );

  const oneHot = randomBatch(mlp, { name: "categorical_crossentropy", config: {} }, 4, 1);
  assert.is(oneHot.y.length, 12);
  for (let row = 0; row < 4; row++) assert.equal([...oneHot.y.subarray(row * 3, row * 3 + 3)].sort(), [0, 0, 1]);
  assert.ok(randomBatch(mlp, defaultLoss(mlp), 4, 1).x.every((v) => v >= -1 && v < 1));
  assert.equal(randomBatch(mlp, defaultLoss(mlp), 4, 1), randomBatch(mlp, defaultLoss(mlp), 4, 1), "seeded");

  assert.equal(defaultLoss(model("  input 3\n  layer dense 1 sigmoid")).name, "binary_crossentropy");
  assert.equal(defaultLoss(model("  input 3\n  layer dense 2")).name, "mean_squared_error");
});

test.run();
