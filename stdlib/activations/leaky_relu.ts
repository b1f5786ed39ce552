// leaky_relu(x) = x if x > 0 else negative_slope * x
import * as ops from "../../interpreter/autograd/ops/index.ts";
import { optionValue } from "../spec.ts";
import { number } from "../values.ts";
import type { Activation } from "./activation.ts";

/** Keras: `keras.activations.leaky_relu` (default negative_slope 0.2; tf.keras called it alpha). */
export const leakyRelu: Activation = {
  name: "leaky_relu",
  keras: "leaky_relu",
  doc: "leaky_relu(x) = x if x > 0 else negative_slope * x",
  args: [],
  options: [{ name: "negative_slope", type: number, doc: "slope of the negative part", default: 0.2 }],
  apply: (g, x, options = {}) => ops.unary(g, "leaky_relu", x, optionValue<number>(leakyRelu, options, "negative_slope")),
};
