// elu(x) = x if x > 0 else alpha * (exp(x) - 1)
import * as ops from "../../interpreter/autograd/ops/index.ts";
import { optionValue } from "../spec.ts";
import { number } from "../values.ts";
import type { Activation } from "./activation.ts";

/** Keras: `keras.activations.elu` (default alpha 1.0). */
export const elu: Activation = {
  name: "elu",
  keras: "elu",
  doc: "elu(x) = x if x > 0 else alpha * (exp(x) - 1)",
  args: [],
  options: [{ name: "alpha", type: number, doc: "scale of the negative part", default: 1 }],
  apply: (g, x, options = {}) => ops.unary(g, "elu", x, optionValue<number>(elu, options, "alpha")),
};
