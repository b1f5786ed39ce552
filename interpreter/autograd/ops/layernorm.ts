// y = gamma*(x-mean)/sqrt(var+epsilon)+beta with mean/var (biased) per example over the last axis.
// Backward: dx by `layernorm_grad`, dgamma = sum(dy*xhat), dbeta = sum(dy) over every row.
import type { Graph, Value } from "../graph.ts";

export function layernorm(g: Graph, x: Value, gamma: Value, beta: Value, epsilon: number): Value {
  const n = x.shape[x.shape.length - 1];
  for (const [name, value] of [
    ["gamma", gamma],
    ["beta", beta],
  ] as const) {
    if (value.shape.length !== 1 || value.shape[0] !== n)
      throw new Error(`layernorm: ${name} [${value.shape}] should be [${n}] for input [${x.shape}]`);
  }
  const xhat = g.alloc(x.shape);
  const invStd = g.alloc(x.shape.slice(0, -1));
  return g.op({
    name: "layernorm",
    inputs: [x, gamma, beta],
    shape: x.shape,
    forward: (k, out) => k.run("layernorm", [x.tensor, gamma.tensor, beta.tensor], [out, xhat, invStd], { epsilon }),
    backward(k, _out, dy) {
      k.gradTo(x, "layernorm_grad", [xhat, invStd, gamma.tensor, dy]);
      k.gradTo(gamma, "norm_scale_grad", [dy, xhat]);
      k.gradTo(beta, "bias_grad", [dy]);
    },
  });
}
