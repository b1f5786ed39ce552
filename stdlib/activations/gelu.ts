// gelu(x) = 0.5 x (1 + erf(x / sqrt 2)); approximate: 0.5 x (1 + tanh(sqrt(2/pi) (x + 0.044715 x^3)))
import * as ops from "../../interpreter/autograd/ops/index.ts";
import { option, type Activation } from "./activation.ts";

/** Keras: `keras.activations.gelu` (default approximate=false, the exact erf form). */
export const gelu: Activation = {
  name: "gelu",
  keras: "gelu",
  formula: "gelu(x) = 0.5 x (1 + erf(x / sqrt 2)); approximate: 0.5 x (1 + tanh(sqrt(2/pi) (x + 0.044715 x^3)))",
  defaults: { approximate: false },
  apply: (g, x, options = {}) => ops.unary(g, option<boolean>(gelu, options, "approximate") ? "gelu_tanh" : "gelu", x),
};
