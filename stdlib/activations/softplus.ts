// softplus(x) = log(1 + exp(x)), computed as max(x, 0) + log1p(exp(-|x|))
import * as ops from "../../interpreter/autograd/ops/index.ts";
import type { Activation } from "./activation.ts";

/** Keras: `keras.activations.softplus`. */
export const softplus: Activation = {
  name: "softplus",
  keras: "softplus",
  doc: "softplus(x) = log(1 + exp(x)), computed as max(x, 0) + log1p(exp(-|x|))",
  args: [],
  options: [],
  apply: (g, x) => ops.unary(g, "softplus", x),
};
