// y[:, t] = x[:, time-1-t] over x [batch, time, …] (Keras Bidirectional's go_backwards);
// the gradient is the same reversal of dy.
import type { Graph, Value } from "../graph.ts";

export function reverseTime(g: Graph, x: Value): Value {
  if (x.shape.length < 2) throw new Error(`reverse_time: needs [batch, time, …], got [${x.shape}]`);
  return g.op({
    name: "reverse_time",
    inputs: [x],
    shape: x.shape,
    forward: (k, out) => k.run("reverse_time", [x.tensor], [out]),
    backward: (k, _out, dy) => k.gradTo(x, "reverse_time", [dy]),
  });
}
