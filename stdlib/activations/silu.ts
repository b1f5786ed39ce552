// silu(x) = x * sigmoid(x)
import * as ops from "../../interpreter/autograd/ops/index.ts";
import type { Activation } from "./activation.ts";

/** Keras: `keras.activations.silu`. */
export const silu: Activation = {
  name: "silu",
  keras: "silu",
  doc: "silu(x) = x * sigmoid(x)",
  args: [],
  options: [],
  apply: (g, x) => ops.unary(g, "silu", x),
};
