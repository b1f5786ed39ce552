// elu(x) = x if x > 0 else alpha * (exp(x) - 1)
import * as ops from "../../interpreter/autograd/ops/index.ts";
import { option, type Activation } from "./activation.ts";

/** Keras: `keras.activations.elu` (default alpha 1.0). */
export const elu: Activation = {
  name: "elu",
  keras: "elu",
  formula: "elu(x) = x if x > 0 else alpha * (exp(x) - 1)",
  defaults: { alpha: 1 },
  apply: (g, x, options = {}) => ops.unary(g, "elu", x, option<number>(elu, options, "alpha")),
};
