// sparse_categorical_crossentropy = mean over rows of -log q[label] + log sum q, q = clip(p, 1e-7, 1-1e-7); from logits: -log_softmax(x)[label]
import * as ops from "../../interpreter/autograd/ops/index.ts";
import { option, type Loss } from "./loss.ts";

/** Keras: `keras.losses.SparseCategoricalCrossentropy` (default from_logits=false); y_true holds class indices [batch] as float32. */
export const sparseCategoricalCrossentropy: Loss = {
  name: "sparse_categorical_crossentropy",
  keras: "SparseCategoricalCrossentropy",
  formula:
    "mean over rows of -log q[label] + log sum q, q = clip(p, 1e-7, 1-1e-7); from logits: -log_softmax(x)[label]",
  defaults: { from_logits: false },
  apply: (g, yPred, yTrue, options = {}) =>
    ops.loss(
      g,
      option<boolean>(sparseCategoricalCrossentropy, options, "from_logits") ? "sparse_cce_logits" : "sparse_cce",
      yPred,
      yTrue,
    ),
};
