// log_softmax(x)_i = x_i - max x - log sum_j exp(x_j - max x), over the last axis
import * as ops from "../../interpreter/autograd/ops/index.ts";
import type { Activation } from "./activation.ts";

/** Keras: `keras.activations.log_softmax`. */
export const logSoftmax: Activation = {
  name: "log_softmax",
  keras: "log_softmax",
  doc: "log_softmax(x)_i = x_i - max x - log sum_j exp(x_j - max x), over the last axis",
  args: [],
  options: [],
  apply: (g, x) => ops.logSoftmax(g, x),
};
