// binary_crossentropy = mean(-(t log p + (1-t) log(1-p))), p = clip(y_pred, 1e-7, 1-1e-7); from logits: mean(max(x,0) - x t + log(1 + exp(-|x|)))
import * as ops from "../../interpreter/autograd/ops/index.ts";
import { option, type Loss } from "./loss.ts";

/** Keras: `keras.losses.BinaryCrossentropy` (default from_logits=false). */
export const binaryCrossentropy: Loss = {
  name: "binary_crossentropy",
  keras: "BinaryCrossentropy",
  formula:
    "mean(-(t log p + (1-t) log(1-p))), p = clip(y_pred, 1e-7, 1-1e-7); from logits: mean(max(x,0) - x t + log(1 + exp(-|x|)))",
  defaults: { from_logits: false },
  apply: (g, yPred, yTrue, options = {}) =>
    ops.loss(g, option<boolean>(binaryCrossentropy, options, "from_logits") ? "bce_logits" : "bce", yPred, yTrue),
};
