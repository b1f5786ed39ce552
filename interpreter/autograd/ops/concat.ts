// y = [a, b, …] joined on the last axis (Keras Concatenate(axis=-1)); each input's gradient is its slice of dy.
import type { Graph, Value } from "../graph.ts";

export function concat(g: Graph, xs: readonly Value[]): Value {
  const first = xs[0];
  const lead = first?.shape.slice(0, -1) ?? [];
  if (
    !first ||
    first.shape.length === 0 ||
    xs.some((x) => x.shape.length !== first.shape.length || lead.some((dim, i) => dim !== x.shape[i]))
  ) {
    throw new Error(`concat: [${xs.map((x) => `[${x.shape}]`).join(", ")}] differ before the last axis`);
  }
  const offsets = xs.map((_, i) => xs.slice(0, i).reduce((sum, x) => sum + x.shape.at(-1)!, 0));
  return g.op({
    name: "concat",
    inputs: xs,
    shape: [...lead, xs.reduce((sum, x) => sum + x.shape.at(-1)!, 0)],
    forward: (k, out) =>
      k.run(
        "concat_last",
        xs.map((x) => x.tensor),
        [out],
      ),
    backward(k, _out, dy) {
      xs.forEach((x, i) => k.gradTo(x, "slice_last", [dy], { offset: offsets[i]! }));
    },
  });
}
