// The embedding layer in a real model: Keras' RandomUniform(-0.05, 0.05) initial table, a
// token model (embedding → flatten → dense) that learns, and an out-of-range token that
// stops training with an Error naming it.
import { test } from "uvu";
import * as assert from "uvu/assert";
import { CpuBackend } from "../../../interpreter/backends/cpu/cpu-backend.ts";
import { fit, type FitOptions } from "../../../interpreter/runtime/fit.ts";
import { ModelRuntime } from "../../../interpreter/runtime/model-runtime.ts";
import type { Dataset } from "../../../stdlib/datasets/dataset.ts";
import { embedding } from "../../../stdlib/layers/embedding.ts";
import { Random } from "../../../interpreter/autograd/random.ts";
import { compile } from "../../interpreter/runtime/helpers.ts";

const source = `model tokens {
  input 6
  layer embedding 10 4
  layer flatten
  layer dense 2 softmax
}
`;

const train: FitOptions = {
  optimizer: { name: "adam", config: { learning_rate: 0.05 } },
  metrics: [],
  epochs: 8,
  batch: 16,
  seed: 5,
  shuffle: true,
};

function setup() {
  const model = compile(source).checked.models.get("tokens")!;
  return {
    runtime: new ModelRuntime(new CpuBackend(), model, { name: "sparse_categorical_crossentropy", config: { from_logits: false } }, 5),
    train,
  };
}

/** 96 sequences of 6 tokens in [0, 10); the label is whether the first token is below 5. */
function tokenData(): Dataset {
  const random = new Random(7);
  const count = 96;
  const features = Float32Array.from({ length: count * 6 }, () => Math.floor(random.uniform() * 10));
  const labels = Float32Array.from({ length: count }, (_, i) => (features[i * 6]! < 5 ? 1 : 0));
  return { features, featureShape: [6], labels, labelShape: [], count, numClasses: 2 };
}

test("embeddings start from Keras' RandomUniform(-0.05, 0.05), through the registered random_uniform", async () => {
  assert.is(embedding.params([6], { input_dim: 10, output_dim: 4 })[0]!.initializer, "random_uniform");
  const { runtime } = setup();
  const table = await runtime.backend.read(runtime.weights.find((w) => w.name === "embedding/embeddings")!.tensor);
  assert.is(table.length, 40);
  assert.ok(table.every((v) => v >= -0.05 && v < 0.05));
  assert.ok(new Set(table).size > 30, "the values are drawn, not constant");
});

test("embedding → flatten → dense trains: the loss goes down", async () => {
  const { runtime, train } = setup();
  const history = await fit(runtime, tokenData(), undefined, train);
  const losses = history.epochs.map((logs) => logs["loss"]!);
  assert.ok(losses.at(-1)! < 0.5 * losses[0]!, `losses ${losses}`);
});

test("a token outside [0, input_dim) stops training with an Error naming the token and the range", async () => {
  const { runtime, train } = setup();
  const data = tokenData();
  data.features[13] = 10;
  try {
    await fit(runtime, data, undefined, { ...train, shuffle: false });
    assert.unreachable("expected an error");
  } catch (e) {
    assert.instance(e, Error);
    assert.is((e as Error).message, "embedding: index 10 at position 13 of the input is not an integer in [0, 10) (0 to 9)");
  }
});

test.run();
