// y = gamma*(x-mean)/sqrt(var+epsilon)+beta per channel (last axis). While `g.training` mean/var
// are the batch's (biased) statistics, gradients flow through them and each forward updates
// moving = moving*momentum + batch*(1-momentum) in place; otherwise mean/var are the moving ones.
import type { Tensor } from "../../backends/backend.ts";
import type { Graph, Value } from "../graph.ts";
import { kernelStep, type Step } from "../step.ts";

export interface BatchnormParams {
  readonly gamma: Value;
  readonly beta: Value;
  readonly movingMean: Value;
  readonly movingVariance: Value;
}

export interface BatchnormOptions {
  readonly momentum: number;
  readonly epsilon: number;
}

const BATCH_STATS = Float32Array.of(1);
const MOVING_STATS = Float32Array.of(0);

export function batchnorm(g: Graph, x: Value, params: BatchnormParams, { momentum, epsilon }: BatchnormOptions): Value {
  const { gamma, beta, movingMean, movingVariance } = params;
  const channels = x.shape[x.shape.length - 1];
  for (const [name, value] of Object.entries(params)) {
    if (value.shape.length !== 1 || value.shape[0] !== channels)
      throw new Error(`batchnorm: ${name} [${value.shape}] should be [${channels}] for input [${x.shape}]`);
  }
  const mean = g.alloc([channels!]);
  const variance = g.alloc([channels!]);
  const xhat = g.alloc(x.shape);
  const invStd = g.alloc([channels!]);
  /** 1 when the last forward normalised with x's own statistics, 0 with the moving ones. */
  const batchStats = g.alloc([1]);
  return g.op({
    name: "batchnorm",
    inputs: [x, gamma, beta, movingMean, movingVariance],
    shape: x.shape,
    forward(k, out) {
      const normalize = (m: Tensor, v: Tensor): Step =>
        kernelStep(g.backend, "batchnorm", [x.tensor, m, v, gamma.tensor, beta.tensor], [out, xhat, invStd], { epsilon });
      const training = [
        kernelStep(g.backend, "batchnorm_moments", [x.tensor], [mean, variance]),
        normalize(mean, variance),
        kernelStep(g.backend, "batchnorm_moving_average", [mean], [movingMean.tensor], { momentum }),
        kernelStep(g.backend, "batchnorm_moving_average", [variance], [movingVariance.tensor], { momentum }),
      ];
      const inference = normalize(movingMean.tensor, movingVariance.tensor);
      k.host(() => {
        g.backend.write(batchStats, g.training ? BATCH_STATS : MOVING_STATS);
        if (g.training) for (const step of training) step();
        else inference();
      });
    },
    backward(k, _out, dy) {
      k.gradTo(x, "batchnorm_grad", [xhat, invStd, gamma.tensor, dy, batchStats]);
      k.gradTo(gamma, "norm_scale_grad", [dy, xhat]);
      k.gradTo(beta, "bias_grad", [dy]);
    },
  });
}
