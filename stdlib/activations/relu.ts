// relu(x) = max(x, 0)
import * as ops from "../../interpreter/autograd/ops/index.ts";
import type { Activation } from "./activation.ts";

/** Keras: `keras.activations.relu`. */
export const relu: Activation = {
  name: "relu",
  keras: "relu",
  doc: "relu(x) = max(x, 0)",
  args: [],
  options: [],
  apply: (g, x) => ops.unary(g, "relu", x),
};
