// batchnorm and layernorm ops: every conformance case (forward, every gradient, batchnorm's
// moving statistics after the step), through the op and through the layer's `forward`, and
// finite-difference checks in training and inference mode.
import { test } from "uvu";
import * as assert from "uvu/assert";
import { Graph, type Value } from "../../../interpreter/autograd/graph.ts";
import * as ops from "../../../interpreter/autograd/ops/index.ts";
import { CpuBackend } from "../../../interpreter/backends/cpu/cpu-backend.ts";
import { batchnorm as batchnormLayer, layernorm as layernormLayer } from "../../../stdlib/layers/normalization.ts";
import type { Config } from "../../../stdlib/layers/layer-spec.ts";
import { assertClose, loadCase, type RefCase } from "../../helpers/conformance.ts";
import { evaluate, gradcheck, randomData, type Build } from "./harness.ts";

type Via = "op" | "layer";

/** The batchnorm of a case, built through the op or through the layer, in the case's mode. */
function batchnormBuild(ref: RefCase, via: Via, moving: { graph?: Graph; mean?: Value; variance?: Value }): Build {
  return (g, [x, gamma, beta, movingMean, movingVariance]) => {
    g.training = ref.config["training"] as boolean;
    Object.assign(moving, { graph: g, mean: movingMean, variance: movingVariance });
    const params = { gamma: gamma!, beta: beta!, moving_mean: movingMean!, moving_variance: movingVariance! };
    if (via === "layer")
      return batchnormLayer.forward!({ graph: g, param: (name) => params[name as keyof typeof params] }, x!, ref.config as Config);
    const options = { momentum: ref.config["momentum"] as number, epsilon: ref.config["epsilon"] as number };
    return ops.batchnorm(g, x!, { gamma: gamma!, beta: beta!, movingMean: movingMean!, movingVariance: movingVariance! }, options);
  };
}

for (const name of ["batch_normalization_train_2d", "batch_normalization_train_4d", "batch_normalization_inference"]) {
  for (const via of ["op", "layer"] as const) {
    test(`conformance ${name} through the ${via}: y, grad_x, grad_gamma, grad_beta, moving statistics after the step`, async () => {
      const ref = loadCase(name);
      const { gamma, beta, moving_mean, moving_variance } = ref.params;
      const moving: { graph?: Graph; mean?: Value; variance?: Value } = {};
      const { y, grads } = await evaluate(
        batchnormBuild(ref, via, moving),
        [ref.inputs.x, gamma!, beta!, moving_mean!, moving_variance!],
        ref.upstream!.data,
        [0, 1, 2],
      );
      assertClose(y, ref.expected.y.data, `${name} y`);
      assertClose(grads[0]!, ref.expected.grad_x.data, `${name} grad_x`);
      assertClose(grads[1]!, ref.expected.grad_gamma.data, `${name} grad_gamma`);
      assertClose(grads[2]!, ref.expected.grad_beta.data, `${name} grad_beta`);
      const mean = await moving.graph!.backend.read(moving.mean!.tensor);
      const variance = await moving.graph!.backend.read(moving.variance!.tensor);
      if (ref.config["training"]) {
        assertClose(mean, ref.expected.moving_mean.data, `${name} moving_mean`);
        assertClose(variance, ref.expected.moving_variance.data, `${name} moving_variance`);
      } else {
        assert.equal(mean, Float32Array.from(moving_mean!.data), "inference leaves moving_mean alone");
        assert.equal(variance, Float32Array.from(moving_variance!.data), "inference leaves moving_variance alone");
      }
    });
  }
}

for (const name of ["layer_normalization_2d", "layer_normalization_3d"]) {
  for (const via of ["op", "layer"] as const) {
    test(`conformance ${name} through the ${via}: y, grad_x, grad_gamma, grad_beta`, async () => {
      const ref = loadCase(name);
      const build: Build = (g, [x, gamma, beta]) =>
        via === "op"
          ? ops.layernorm(g, x!, gamma!, beta!, ref.config["epsilon"] as number)
          : layernormLayer.forward!({ graph: g, param: (p) => (p === "gamma" ? gamma! : beta!) }, x!, ref.config as Config);
      const { y, grads } = await evaluate(build, [ref.inputs.x, ref.params.gamma!, ref.params.beta!], ref.upstream!.data);
      assertClose(y, ref.expected.y.data, `${name} y`);
      assertClose(grads[0]!, ref.expected.grad_x.data, `${name} grad_x`);
      assertClose(grads[1]!, ref.expected.grad_gamma.data, `${name} grad_gamma`);
      assertClose(grads[2]!, ref.expected.grad_beta.data, `${name} grad_beta`);
    });
  }
}

/** A batchnorm over random data in the given mode; inputs are x, gamma, beta, moving mean, moving variance. */
function randomBatchnorm(shape: number[], training: boolean) {
  const channels = shape.at(-1)!;
  const build: Build = (g, [x, gamma, beta, mean, variance]) => {
    g.training = training;
    return ops.batchnorm(
      g,
      x!,
      { gamma: gamma!, beta: beta!, movingMean: mean!, movingVariance: variance! },
      { momentum: 0.9, epsilon: 1e-3 },
    );
  };
  const inputs = [
    randomData(shape, 11),
    randomData([channels], 12, 0.5, 2),
    randomData([channels], 13),
    randomData([channels], 14),
    randomData([channels], 15, 0.5, 2),
  ];
  return { build, inputs };
}

for (const shape of [
  [5, 3],
  [2, 3, 2, 4],
]) {
  for (const training of [true, false]) {
    test(`batchnorm [${shape}] ${training ? "training" : "inference"}: gradients of x, gamma, beta match finite differences`, async () => {
      const { build, inputs } = randomBatchnorm(shape, training);
      await gradcheck(`batchnorm ${training}`, build, inputs, { wrt: [0, 1, 2] });
    });
  }
}

test("batchnorm of a value also used elsewhere accumulates its gradient (x + batchnorm(x))", async () => {
  const { build, inputs } = randomBatchnorm([4, 3], true);
  await gradcheck("x + batchnorm(x)", (g, values) => ops.add(g, build(g, values), values[0]!), inputs, { wrt: [0, 1, 2] });
});

test("batchnorm training vs inference: batch statistics give a zero-mean output, moving statistics do not", async () => {
  const { build, inputs } = randomBatchnorm([6, 2], true);
  const training = await evaluate(build, inputs, undefined, [0]);
  const inference = await evaluate(
    (g, values) => {
      const y = build(g, values);
      g.training = false;
      return y;
    },
    inputs,
    undefined,
    [0],
  );
  assert.not.equal(training.y, inference.y);
  // With ones upstream, batch statistics make dL/dx exactly zero: the output's sum cannot move.
  assertClose(training.grads[0]!, new Float32Array(12), "dx through the batch statistics");
});

test("batchnorm and layernorm refuse parameters of the wrong shape", () => {
  const g = new Graph(new CpuBackend());
  const x = g.input([4, 3]);
  const c = g.input([3]);
  assert.throws(
    () => ops.batchnorm(g, x, { gamma: c, beta: c, movingMean: c, movingVariance: x }, { momentum: 0.9, epsilon: 1e-3 }),
    /movingVariance \[4,3\] should be \[3\]/,
  );
  assert.throws(() => ops.layernorm(g, x, g.input([4]), c, 1e-3), /gamma \[4\] should be \[3\]/);
});

for (const shape of [
  [3, 5],
  [2, 3, 4],
]) {
  test(`layernorm [${shape}]: gradients of x, gamma, beta match finite differences`, async () => {
    const n = shape.at(-1)!;
    const build: Build = (g, [x, gamma, beta]) => ops.layernorm(g, x!, gamma!, beta!, 1e-3);
    await gradcheck("layernorm", build, [randomData(shape, 21), randomData([n], 22, 0.5, 2), randomData([n], 23)]);
  });
}

test("layernorm of a value also used elsewhere accumulates its gradient (x + layernorm(x))", async () => {
  const build: Build = (g, [x, gamma, beta]) => ops.add(g, ops.layernorm(g, x!, gamma!, beta!, 1e-3), x!);
  await gradcheck("x + layernorm(x)", build, [randomData([3, 4], 31), randomData([4], 32, 0.5, 2), randomData([4], 33)]);
});

test.run();
