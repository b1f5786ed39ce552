// penalty = l1 * sum(|w|). Keras: keras.regularizers.L1.
import { l1Option, type RegularizerSpec } from "./regularizer.ts";

export const l1: RegularizerSpec = {
  name: "l1",
  keras: "keras.regularizers.L1",
  doc: "l1 * sum(|w|)",
  args: [],
  options: [l1Option(0.01)],
};
