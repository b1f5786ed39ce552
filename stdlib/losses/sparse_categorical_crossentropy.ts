// sparse_categorical_crossentropy = mean over rows of -log q[label] + log sum q, q = clip(p, 1e-7, 1-1e-7); from logits: -log_softmax(x)[label]
import * as ops from "../../interpreter/autograd/ops/index.ts";
import { optionValue } from "../spec.ts";
import { bool } from "../values.ts";
import type { Loss } from "./loss.ts";

/** Keras: `keras.losses.SparseCategoricalCrossentropy` (default from_logits=false); y_true holds class indices [batch] as float32. */
export const sparseCategoricalCrossentropy: Loss = {
  name: "sparse_categorical_crossentropy",
  keras: "SparseCategoricalCrossentropy",
  doc: "mean over rows of -log q[label] + log sum q, q = clip(p, 1e-7, 1-1e-7); from logits: -log_softmax(x)[label]",
  args: [],
  options: [{ name: "from_logits", type: bool, doc: "y_pred holds logits, not probabilities", default: false }],
  apply: (g, yPred, yTrue, options = {}) =>
    ops.loss(
      g,
      optionValue<boolean>(sparseCategoricalCrossentropy, options, "from_logits") ? "sparse_cce_logits" : "sparse_cce",
      yPred,
      yTrue,
    ),
};
