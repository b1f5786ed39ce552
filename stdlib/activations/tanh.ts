// tanh(x) = (exp(x) - exp(-x)) / (exp(x) + exp(-x))
import * as ops from "../../interpreter/autograd/ops/index.ts";
import type { Activation } from "./activation.ts";

/** Keras: `keras.activations.tanh`. */
export const tanh: Activation = {
  name: "tanh",
  keras: "tanh",
  doc: "tanh(x) = (exp(x) - exp(-x)) / (exp(x) + exp(-x))",
  args: [],
  options: [],
  apply: (g, x) => ops.unary(g, "tanh", x),
};
