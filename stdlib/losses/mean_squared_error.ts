// mean_squared_error = mean((y_pred - y_true)^2)
import * as ops from "../../interpreter/autograd/ops/index.ts";
import type { Loss } from "./loss.ts";

/** Keras: `keras.losses.MeanSquaredError`. */
export const meanSquaredError: Loss = {
  name: "mean_squared_error",
  aliases: ["mse"],
  keras: "MeanSquaredError",
  doc: "mean((y_pred - y_true)^2)",
  args: [],
  options: [],
  apply: (g, yPred, yTrue) => ops.loss(g, "mse", yPred, yTrue),
};
