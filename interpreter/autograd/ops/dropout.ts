// Inverted dropout: while `g.training`, each forward draws a fresh mask of 0 (probability
// `rate`) or 1/(1-rate) from the graph's seeded generator; in evaluation the mask is all
// ones. y = x * mask and dx = dy * mask, both the `mul` kernel.
import { sizeOf } from "../../backends/backend.ts";
import type { Graph, Value } from "../graph.ts";

export function dropout(g: Graph, x: Value, rate: number): Value {
  if (!(rate >= 0 && rate < 1)) throw new Error(`dropout: rate ${rate} must be in [0, 1)`);
  if (rate === 0) return x;
  const random = g.random.fork();
  const mask = g.alloc(x.shape);
  const host = new Float32Array(sizeOf(x.shape));
  const keep = 1 / (1 - rate);
  return g.op({
    name: "dropout",
    inputs: [x],
    shape: x.shape,
    forward(k, out) {
      k.host(() => {
        if (g.training) for (let i = 0; i < host.length; i++) host[i] = random.uniform() < rate ? 0 : keep;
        else host.fill(1);
        g.backend.write(mask, host);
      });
      k.run("mul", [x.tensor, mask], [out]);
    },
    backward: (k, _out, dy) => k.gradTo(x, "mul", [dy, mask]),
  });
}
