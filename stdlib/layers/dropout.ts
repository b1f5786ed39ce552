// dropout: in training, zero each value with probability `rate` and scale the rest by 1/(1-rate); identity at evaluation. Keras: Dropout.
import * as ops from "../../interpreter/autograd/ops/index.ts";
import { fraction } from "../values.ts";
import type { LayerSpec } from "./layer-spec.ts";

export const dropout: LayerSpec = {
  name: "dropout",
  keras: "Dropout",
  doc: "randomly zeroes inputs while training (inverted dropout, seeded)",
  args: [{ name: "rate", type: fraction, doc: "fraction of inputs to drop" }],
  options: [],
  outputShape: (input) => input,
  params: () => [],
  forward: (layer, x, config) => ops.dropout(layer.graph, x, config["rate"] as number),
};
