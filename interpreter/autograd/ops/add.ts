// a + b, where b has a's shape or matches a's trailing axes (repeated over the leading ones).
import type { Graph, Value } from "../graph.ts";

export function add(g: Graph, a: Value, b: Value): Value {
  const trailing = a.shape.slice(a.shape.length - b.shape.length);
  if (b.shape.length > a.shape.length || trailing.some((dim, i) => dim !== b.shape[i])) {
    throw new Error(`add: cannot broadcast [${b.shape}] against [${a.shape}]`);
  }
  const broadcast = b.shape.length < a.shape.length;
  return g.op({
    name: "add",
    inputs: [a, b],
    shape: a.shape,
    forward: (k, out) => k.run("add", [a.tensor, b.tensor], [out]),
    backward(k, _out, dy) {
      k.gradTo(a, "copy", [dy]);
      k.gradTo(b, broadcast ? "bias_grad" : "copy", [dy]);
    },
  });
}
