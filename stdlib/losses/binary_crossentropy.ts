// binary_crossentropy = mean(-(t log p + (1-t) log(1-p))), p = clip(y_pred, 1e-7, 1-1e-7); from logits: mean(max(x,0) - x t + log(1 + exp(-|x|)))
import * as ops from "../../interpreter/autograd/ops/index.ts";
import { optionValue } from "../spec.ts";
import { bool } from "../values.ts";
import type { Loss } from "./loss.ts";

/** Keras: `keras.losses.BinaryCrossentropy` (default from_logits=false). */
export const binaryCrossentropy: Loss = {
  name: "binary_crossentropy",
  aliases: ["bce"],
  keras: "BinaryCrossentropy",
  doc: "mean(-(t log p + (1-t) log(1-p))), p = clip(y_pred, 1e-7, 1-1e-7); from logits: mean(max(x,0) - x t + log(1 + exp(-|x|)))",
  args: [],
  options: [{ name: "from_logits", type: bool, doc: "y_pred holds logits, not probabilities", default: false }],
  apply: (g, yPred, yTrue, options = {}) =>
    ops.loss(g, optionValue<boolean>(binaryCrossentropy, options, "from_logits") ? "bce_logits" : "bce", yPred, yTrue),
};
