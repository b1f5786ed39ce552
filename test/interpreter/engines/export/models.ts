// Shared by the export and import tests: the models the issue names (the MNIST examples, a
// conv+batchnorm model, recurrent models, an attention model, a graph with named outputs and a
// residual block), each built with its seeded initial weights moved by seeded noise (so no bias
// or statistic is a trivial 0 or 1 and a weight in the wrong place shows), and dl's own
// predictions on 100 seeded inputs.
import { readFileSync } from "node:fs";
import { CpuBackend } from "../../../../interpreter/backends/cpu/cpu-backend.ts";
import type { CheckedModel } from "../../../../interpreter/check/checked.ts";
import { predict } from "../../../../interpreter/runtime/evaluate.ts";
import { ModelRuntime } from "../../../../interpreter/runtime/model-runtime.ts";
import { compile } from "../../runtime/helpers.ts";

export const exampleSources = {
  mnist_mlp: readFileSync("examples/mnist_mlp.dl", "utf8"),
  mnist_cnn: readFileSync("examples/mnist_cnn.dl", "utf8"),
};

export const sources: Record<string, string> = {
  ...exampleSources,
  conv_batchnorm: `model conv_batchnorm {
  input 8 8 2
  layer conv2d 4 kernel=3 padding=same use_bias=false
  layer batchnorm
  layer relu
  layer avgpool2d 2
  layer conv2d 3 tanh kernel=[3, 2] strides=2 padding=same
  layer global_maxpool2d
  layer dense 3 softmax
}`,
  lstm: `model lstm {
  input 6 3
  layer lstm 5 return_sequences=true
  layer lstm 4
  layer dense 2 sigmoid
}`,
  gru: `model gru {
  input 6 3
  layer gru 5 return_sequences=true
  layer bidirectional lstm 3 merge=sum
  layer dense 2
}`,
  attention: `model attention {
  input 5 8
  layer attention 2 4 causal=true
  layer layernorm
  layer global_avgpool1d
  layer dense 3 softmax
}`,
  graph: `model graph {
  input 4 as x
  layer dense 16 relu as a
  layer dense 8 tanh from x as b
  layer concat a b as joined
  layer dense 16 relu from joined as c
  layer add c a
  layer dropout 0.2
  layer dense 3 softmax
}`,
  residual: `model skip_block {
  input 6
  layer dense 8 relu
  residual {
    layer dense 8 relu
    layer dense 8
  }
  layer leaky_relu negative_slope=0.1
  layer dense 2 softmax
}`,
};

/** A small seeded generator (xorshift32) for weights and inputs, in [-1, 1). */
export function seeded(seed: number): () => number {
  let state = seed >>> 0 || 1;
  return () => {
    state ^= state << 13;
    state ^= state >>> 17;
    state ^= state << 5;
    return ((state >>> 0) / 2 ** 32) * 2 - 1;
  };
}

export interface Built {
  model: CheckedModel;
  runtime: ModelRuntime;
  /** Every weight by its full name (dense/kernel). */
  weights: Map<string, { shape: number[]; data: Float32Array }>;
}

/** The first model of `source`, its weights seeded random (variances positive), on the cpu backend. */
export async function build(source: string, seed = 1): Promise<Built> {
  const checked = compile(source).checked;
  const model = [...checked.models.values()][0]!;
  const runtime = new ModelRuntime(new CpuBackend(), model, { name: "mean_squared_error", config: {} }, 0);
  const random = seeded(seed);
  const weights = new Map<string, { shape: number[]; data: Float32Array }>();
  for (const weight of runtime.weights) {
    const size = weight.spec.shape.reduce((a, b) => a * b, 1);
    // The seeded initialization (Keras' scales) moved by noise, so biases and statistics are not 0 or 1.
    const initial = await runtime.backend.read(weight.tensor);
    const data = Float32Array.from({ length: size }, (_, i) =>
      weight.spec.name.endsWith("variance") ? 0.5 + Math.abs(random()) : initial[i]! + random() * 0.1,
    );
    runtime.backend.write(weight.tensor, data);
    weights.set(weight.name, { shape: [...weight.spec.shape], data });
  }
  return { model, runtime, weights };
}

/** `count` seeded inputs of the model's input shape, in [0, 1) like scaled pixels. */
export function inputs(model: CheckedModel, count = 100, seed = 9): Float32Array {
  const random = seeded(seed);
  const size = model.inputShape.reduce((a, b) => a * b, 1);
  return Float32Array.from({ length: count * size }, () => (random() + 1) / 2);
}

/** dl's predictions for `features` (count examples). */
export async function dlPredictions(built: Built, features: Float32Array, count = 100): Promise<Float32Array> {
  return predict(built.runtime, {
    features,
    featureShape: [...built.model.inputShape],
    labels: new Float32Array(0),
    labelShape: [],
    count,
  });
}

export function maxAbsDifference(a: ArrayLike<number>, b: ArrayLike<number>): number {
  if (a.length !== b.length) throw new Error(`lengths differ: ${a.length} and ${b.length}`);
  let max = 0;
  for (let i = 0; i < a.length; i++) max = Math.max(max, Math.abs(a[i]! - b[i]!));
  return max;
}
