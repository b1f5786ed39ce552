// huber = mean(0.5 e^2 if |e| <= delta else delta |e| - 0.5 delta^2), e = y_pred - y_true
import * as ops from "../../interpreter/autograd/ops/index.ts";
import { optionValue } from "../spec.ts";
import { number } from "../values.ts";
import type { Loss } from "./loss.ts";

/** Keras: `keras.losses.Huber` (default delta 1.0). */
export const huber: Loss = {
  name: "huber",
  keras: "Huber",
  doc: "mean(0.5 e^2 if |e| <= delta else delta |e| - 0.5 delta^2), e = y_pred - y_true",
  args: [],
  options: [{ name: "delta", type: number, doc: "where the loss turns from quadratic to linear", default: 1 }],
  apply: (g, yPred, yTrue, options = {}) => ops.loss(g, "huber", yPred, yTrue, { delta: optionValue<number>(huber, options, "delta") }),
};
