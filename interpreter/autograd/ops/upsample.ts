// y[n, i, j, c] = x[n, floor(i / sh), floor(j / sw), c]: nearest-neighbour upsampling of NHWC
// images (Keras UpSampling2D); dx sums dy over each sh x sw block.
import type { Graph, Value } from "../graph.ts";

export function upsample2d(g: Graph, x: Value, [sh, sw]: readonly [number, number]): Value {
  const [n, h, w, c] = x.shape;
  if (x.shape.length !== 4) throw new Error(`upsample2d: input [${x.shape}] is not NHWC`);
  const attrs = { size: [sh, sw] };
  return g.op({
    name: "upsample2d",
    inputs: [x],
    shape: [n!, h! * sh, w! * sw, c!],
    forward: (k, out) => k.run("upsample2d", [x.tensor], [out], attrs),
    backward: (k, _out, dy) => k.gradTo(x, "upsample2d_grad", [dy], attrs),
  });
}
