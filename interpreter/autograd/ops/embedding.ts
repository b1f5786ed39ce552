// y[..., :] = embeddings[indices[...], :] for integer indices stored as float32; the gradient
// scatter-adds dy into the rows of `embeddings` (the indices get none).
import type { Graph, Value } from "../graph.ts";

export function embedding(g: Graph, indices: Value, embeddings: Value): Value {
  const outputDim = embeddings.shape[1];
  if (embeddings.shape.length !== 2 || outputDim === undefined)
    throw new Error(`embedding: embeddings [${embeddings.shape}] should be [input_dim, output_dim]`);
  return g.op({
    name: "embedding",
    inputs: [indices, embeddings],
    shape: [...indices.shape, outputDim],
    forward: (k, out) => k.run("embedding", [indices.tensor, embeddings.tensor], [out]),
    backward: (k, _out, dy) => k.gradTo(embeddings, "embedding_grad", [indices.tensor, dy]),
  });
}
