// mean_absolute_error = mean(|y_pred - y_true|)
import * as ops from "../../interpreter/autograd/ops/index.ts";
import type { Loss } from "./loss.ts";

/** Keras: `keras.losses.MeanAbsoluteError`. */
export const meanAbsoluteError: Loss = {
  name: "mean_absolute_error",
  aliases: ["mae"],
  keras: "MeanAbsoluteError",
  doc: "mean(|y_pred - y_true|)",
  args: [],
  options: [],
  apply: (g, yPred, yTrue) => ops.loss(g, "mae", yPred, yTrue),
};
