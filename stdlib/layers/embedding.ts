// embedding: y[..., :] = embeddings[x[...], :] for integer x in [0, input_dim). Keras: Embedding.
import * as ops from "../../interpreter/autograd/ops/index.ts";
import { positiveInt } from "../values.ts";
import type { LayerSpec } from "./layer-spec.ts";

export const embedding: LayerSpec = {
  name: "embedding",
  keras: "Embedding",
  doc: "looks up a learned vector for each integer token",
  args: [
    { name: "input_dim", type: positiveInt, doc: "vocabulary size (largest index + 1)" },
    { name: "output_dim", type: positiveInt, doc: "size of each vector" },
  ],
  options: [],
  outputShape: (input, config) => [...input, config["output_dim"] as number],
  params: (_input, config) => [
    {
      name: "embeddings",
      shape: [config["input_dim"] as number, config["output_dim"] as number],
      initializer: "random_uniform",
      trainable: true,
    },
  ],
  forward: (layer, x) => ops.embedding(layer.graph, x, layer.param("embeddings")),
};
