// categorical_crossentropy = mean over rows of -sum(t log clip(p / sum p)); from logits: -sum(t log_softmax(x))
import * as ops from "../../interpreter/autograd/ops/index.ts";
import { optionValue } from "../spec.ts";
import { bool } from "../values.ts";
import type { Loss } from "./loss.ts";

/** Keras: `keras.losses.CategoricalCrossentropy` (default from_logits=false); y_true is one-hot or soft. */
export const categoricalCrossentropy: Loss = {
  name: "categorical_crossentropy",
  keras: "CategoricalCrossentropy",
  doc: "mean over rows of -sum(t log clip(p / sum p, 1e-7, 1-1e-7)); from logits: -sum(t log_softmax(x))",
  args: [],
  options: [{ name: "from_logits", type: bool, doc: "y_pred holds logits, not probabilities", default: false }],
  apply: (g, yPred, yTrue, options = {}) =>
    ops.loss(g, optionValue<boolean>(categoricalCrossentropy, options, "from_logits") ? "cce_logits" : "cce", yPred, yTrue),
};
