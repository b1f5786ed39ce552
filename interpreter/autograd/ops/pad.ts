// y = x with [top, bottom] rows and [left, right] columns of zeros around each NHWC image
// (Keras ZeroPadding2D); dx = dy cropped back.
import type { Graph, Value } from "../graph.ts";

export function zeroPad2d(g: Graph, x: Value, [top, bottom]: readonly [number, number], [left, right]: readonly [number, number]): Value {
  const [n, h, w, c] = x.shape;
  if (x.shape.length !== 4) throw new Error(`zero_pad2d: input [${x.shape}] is not NHWC`);
  const attrs = { pad: [top, left] };
  return g.op({
    name: "zero_pad2d",
    inputs: [x],
    shape: [n!, h! + top + bottom, w! + left + right, c!],
    forward: (k, out) => k.run("pad2d", [x.tensor], [out], attrs),
    backward: (k, _out, dy) => k.gradTo(x, "pad2d_grad", [dy], attrs),
  });
}
