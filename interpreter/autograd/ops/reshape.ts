// Reshape as a flat copy (cheap next to the matmuls around it); flatten keeps the batch axis
// and joins the rest row-major, as Keras Flatten.
import { sizeOf, type Shape } from "../../backends/backend.ts";
import type { Graph, Value } from "../graph.ts";

export function reshape(g: Graph, x: Value, shape: Shape): Value {
  if (sizeOf(shape) !== sizeOf(x.shape)) throw new Error(`reshape: cannot view [${x.shape}] as [${shape}]`);
  return g.op({
    name: "reshape",
    inputs: [x],
    shape,
    forward: (k, out) => k.run("copy", [x.tensor], [out]),
    backward: (k, _out, dy) => k.gradTo(x, "copy", [dy]),
  });
}

export function flatten(g: Graph, x: Value): Value {
  const [batch, ...rest] = x.shape;
  if (batch === undefined) throw new Error("flatten: needs a batch axis");
  return reshape(g, x, [batch, sizeOf(rest)]);
}
