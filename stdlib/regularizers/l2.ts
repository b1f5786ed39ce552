// penalty = l2 * sum(w^2). Keras: keras.regularizers.L2.
import { l2Option, type RegularizerSpec } from "./regularizer.ts";

export const l2: RegularizerSpec = {
  name: "l2",
  keras: "keras.regularizers.L2",
  doc: "l2 * sum(w^2)",
  args: [],
  options: [l2Option(0.01)],
};
