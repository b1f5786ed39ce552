// flatten: (h, w, c) → (h*w*c), row-major. Keras: Flatten.
import * as ops from "../../interpreter/autograd/ops/index.ts";
import type { LayerSpec } from "./layer-spec.ts";

export const flatten: LayerSpec = {
  name: "flatten",
  keras: "Flatten",
  doc: "flattens all axes but the batch into one",
  args: [],
  options: [],
  outputShape: (input) => [input.reduce((a, b) => a * b, 1)],
  params: () => [],
  forward: (layer, x) => ops.flatten(layer.graph, x),
};
