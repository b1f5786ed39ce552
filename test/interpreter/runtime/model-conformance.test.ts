// Whole-model conformance: the Keras MNIST MLP built through the real pipeline (parse, check,
// build), its weights set from the reference, then three Adam steps with the real optimizer.
import { test } from "uvu";
import * as assert from "uvu/assert";
import { build } from "../../../interpreter/api.ts";
import { CpuBackend } from "../../../interpreter/backends/cpu/cpu-backend.ts";
import { createOptimizer } from "../../../stdlib/optimizers/index.ts";
import { assertClose, loadCase } from "../../helpers/conformance.ts";
import { compile, replayModelCase } from "./helpers.ts";

const ref = loadCase("model_mlp_adam");
const source = `model mlp {
  input 784
  layer dense 128 relu
  layer dense 64 relu
  layer dense 10 softmax
}
`;

/** The reference's layer names (dense_0, dense_1, dense_2) onto the checker's (dense, dense_1, dense_2), in order. */
function layerNames(): Map<string, string> {
  const ours = ["dense", "dense_1", "dense_2"];
  const theirs = (ref.config["layers"] as { name: string }[]).map((l) => l.name);
  assert.equal(theirs, ["dense_0", "dense_1", "dense_2"]);
  return new Map(theirs.map((name, i) => [name, ours[i]!]));
}

async function setup() {
  const model = compile(source).checked.models.get("mlp")!;
  const loss = ref.config["loss"] as { name: string; from_logits: boolean };
  const runtime = await build(model, {
    backend: new CpuBackend(),
    loss: { name: loss.name, config: { from_logits: loss.from_logits } },
    seed: 0,
  });
  const names = layerNames();
  const toOurs = (refName: string) => {
    const [layer, weight] = refName.split("/");
    return `${names.get(layer!)}/${weight}`;
  };
  assert.equal(
    runtime.weights.map((w) => w.name),
    Object.keys(ref.params).map(toOurs),
  );
  for (const [refName, tensor] of Object.entries(ref.params)) {
    const weight = runtime.weights.find((w) => w.name === toOurs(refName))!;
    assert.equal([...weight.spec.shape], tensor.shape, `${refName} shape`);
    runtime.backend.write(weight.tensor, tensor.data);
  }
  const opt = ref.config["optimizer"] as Record<string, number | string>;
  const optimizer = createOptimizer(
    runtime.backend,
    "adam",
    {
      learning_rate: opt["learning_rate"] as number,
      beta_1: opt["beta_1"] as number,
      beta_2: opt["beta_2"] as number,
      epsilon: opt["epsilon"] as number,
    },
    runtime.trainable.map((w) => w.tensor),
  );
  return { runtime, optimizer, toOurs };
}

test("model_mlp_adam: the real model, loss before every step, softmax of batch 0, weights after 3 Adam steps", async () => {
  const { runtime, optimizer, toOurs } = await setup();
  assert.is((ref.inputs["batches"] as unknown[]).length, 3);
  assert.is(ref.config["batch_size"], 8);
  await replayModelCase(runtime, optimizer, ref);
  assert.is(optimizer.iterations, 3);
  const final = ref.expected["params_final"] as Record<string, { data: number[] }>;
  for (const [refName, tensor] of Object.entries(final)) {
    const weight = runtime.weights.find((w) => w.name === toOurs(refName))!;
    assertClose(await runtime.backend.read(weight.tensor), tensor.data, `params_final ${refName}`);
  }
});

test("model_mlp_adam: the weights really moved (the comparison above is not against the initial values)", async () => {
  const { runtime } = await setup();
  const final = ref.expected["params_final"] as Record<string, { data: number[] }>;
  const initial = ref.params["dense_0/kernel"]!.data;
  let moved = 0;
  for (let i = 0; i < initial.length; i++) if (Math.abs(initial[i]! - final["dense_0/kernel"]!.data[i]!) > 1e-4) moved++;
  assert.ok(moved > 1000, `only ${moved} kernel values changed by more than the tolerance`);
  assert.is(runtime.weights.length, 6);
});

test.run();
