// sigmoid(x) = 1 / (1 + exp(-x))
import * as ops from "../../interpreter/autograd/ops/index.ts";
import type { Activation } from "./activation.ts";

/** Keras: `keras.activations.sigmoid`. */
export const sigmoid: Activation = {
  name: "sigmoid",
  keras: "sigmoid",
  doc: "sigmoid(x) = 1 / (1 + exp(-x))",
  args: [],
  options: [],
  apply: (g, x) => ops.unary(g, "sigmoid", x),
};
