// dropout: in training, zero each value with probability `rate` and scale the rest by 1/(1-rate); identity at evaluation. Keras: Dropout.
import { fraction } from "../values.ts";
import type { LayerSpec } from "./layer-spec.ts";

export const dropout: LayerSpec = {
  kind: "dropout",
  keras: "Dropout",
  doc: "randomly zeroes inputs while training (inverted dropout, seeded)",
  args: [{ name: "rate", type: fraction, doc: "fraction of inputs to drop" }],
  options: [],
  outputShape: (input) => input,
  params: () => [],
};
