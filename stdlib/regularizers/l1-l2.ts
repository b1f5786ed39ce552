// penalty = l1 * sum(|w|) + l2 * sum(w^2). Keras: keras.regularizers.L1L2.
import { l1Option, l2Option, type RegularizerSpec } from "./regularizer.ts";

export const l1L2: RegularizerSpec = {
  name: "l1_l2",
  keras: "keras.regularizers.L1L2",
  doc: "l1 * sum(|w|) + l2 * sum(w^2)",
  args: [],
  options: [l1Option(0), l2Option(0)],
};
