// reshape: same values, new shape (row-major). Keras: Reshape.
import * as ops from "../../interpreter/autograd/ops/index.ts";
import { positiveInt } from "../values.ts";
import { formatShape, ShapeError, type LayerSpec } from "./layer-spec.ts";

export const reshape: LayerSpec = {
  name: "reshape",
  keras: "Reshape",
  doc: "reshapes the input; the sizes must multiply to the same total (`layer reshape 28 28 1`)",
  args: [{ name: "shape", type: positiveInt, doc: "target dims, without the batch axis", variadic: true }],
  options: [],
  outputShape(input, config) {
    const target = config["shape"] as readonly number[];
    const size = (s: readonly number[]) => s.reduce((a, b) => a * b, 1);
    if (size(target) !== size(input)) {
      throw new ShapeError(
        `\`reshape\` to ${formatShape(target)} needs ${size(target)} values, but the input ${formatShape(input)} has ${size(input)}`,
      );
    }
    return target;
  },
  params: () => [],
  forward: (layer, x, config) => ops.reshape(layer.graph, x, [x.shape[0]!, ...(config["shape"] as number[])]),
};
