// softmax(x)_i = exp(x_i - max x) / sum_j exp(x_j - max x), over the last axis
import * as ops from "../../interpreter/autograd/ops/index.ts";
import type { Activation } from "./activation.ts";

/** Keras: `keras.activations.softmax`. */
export const softmax: Activation = {
  name: "softmax",
  keras: "softmax",
  doc: "softmax(x)_i = exp(x_i - max x) / sum_j exp(x_j - max x), over the last axis",
  args: [],
  options: [],
  apply: (g, x) => ops.softmax(g, x),
};
