// huber = mean(0.5 e^2 if |e| <= delta else delta |e| - 0.5 delta^2), e = y_pred - y_true
import * as ops from "../../interpreter/autograd/ops/index.ts";
import { option, type Loss } from "./loss.ts";

/** Keras: `keras.losses.Huber` (default delta 1.0). */
export const huber: Loss = {
  name: "huber",
  keras: "Huber",
  formula: "mean(0.5 e^2 if |e| <= delta else delta |e| - 0.5 delta^2), e = y_pred - y_true",
  defaults: { delta: 1 },
  apply: (g, yPred, yTrue, options = {}) =>
    ops.loss(g, "huber", yPred, yTrue, { delta: option<number>(huber, options, "delta") }),
};
