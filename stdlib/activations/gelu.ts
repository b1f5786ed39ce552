// gelu(x) = 0.5 x (1 + erf(x / sqrt 2)); approximate: 0.5 x (1 + tanh(sqrt(2/pi) (x + 0.044715 x^3)))
import * as ops from "../../interpreter/autograd/ops/index.ts";
import { optionValue } from "../spec.ts";
import { bool } from "../values.ts";
import type { Activation } from "./activation.ts";

/** Keras: `keras.activations.gelu` (default approximate=false, the exact erf form). */
export const gelu: Activation = {
  name: "gelu",
  keras: "gelu",
  doc: "gelu(x) = 0.5 x (1 + erf(x / sqrt 2)); approximate: 0.5 x (1 + tanh(sqrt(2/pi) (x + 0.044715 x^3)))",
  args: [],
  options: [{ name: "approximate", type: bool, doc: "the tanh approximation instead of the exact erf form", default: false }],
  apply: (g, x, options = {}) => ops.unary(g, optionValue<boolean>(gelu, options, "approximate") ? "gelu_tanh" : "gelu", x),
};
