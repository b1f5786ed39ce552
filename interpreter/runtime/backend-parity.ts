// Backend parity (`dl check --backends cpu,webgl`): one model built on each backend from the
// same seed, fed the same seeded random batch, one forward and one backward pass; every
// layer's output and every weight gradient is compared with the first backend's. It uses no
// Node API, so the browser playground can run it too.
import type { Span } from "../../grammar/ast.ts";
import { Random } from "../autograd/random.ts";
import type { Backend } from "../backends/backend.ts";
import { compareValues, type Difference } from "../backends/compare.ts";
import type { CheckedModel } from "../check/checked.ts";
import { walkModel } from "../check/walk.ts";
import { ModelRuntime, type LossChoice } from "./model-runtime.ts";
import { PARITY_TOLERANCE } from "./parity-tolerance.ts";
import { refuseUnrunnable } from "./unrunnable.ts";

export { PARITY_TOLERANCE };

export interface ParitySetup {
  model: CheckedModel;
  loss: LossChoice;
  /** Where a loss the backend cannot run is reported: the `loss` line, or the model. */
  lossSpan: Span;
  seed: number;
  /** Examples in the random batch. */
  batch: number;
}

export interface LayerParity {
  layer: string;
  kind: string;
  output: Difference;
  /** One per trainable weight of the layer, by Keras weight name (kernel, bias, …). */
  gradients: { weight: string; difference: Difference }[];
}

export interface BackendParity {
  backend: string;
  layers: LayerParity[];
  loss: Difference;
  /** The value with the largest relative difference, e.g. "dense_1 output" or "dense kernel gradient". */
  worst: { value: string; maxRel: number };
  passed: boolean;
}

export interface ParityReport {
  model: string;
  reference: string;
  setup: ParitySetup;
  /** One per backend after the reference. */
  results: BackendParity[];
  passed: boolean;
}

/** What one backend computed: each layer's output, each trainable weight's gradient, the loss. */
interface Snapshot {
  outputs: Map<string, Float32Array>;
  gradients: Map<string, Float32Array>;
  loss: Float32Array;
}

/** Compares `backends` (at least two, the first the reference); throws DL304 for a backend that cannot run the model. */
export async function compareBackends(setup: ParitySetup, backends: readonly Backend[]): Promise<ParityReport> {
  const [reference, ...others] = backends;
  if (!reference || others.length === 0) throw new Error("compareBackends needs at least two backends");
  for (const backend of backends)
    refuseUnrunnable({ model: setup.model, loss: setup.loss, lossSpan: setup.lossSpan, needs: "training" }, backend);
  const batch = randomBatch(setup.model, setup.loss, setup.batch, setup.seed);
  const expected = await snapshot(setup, reference, batch);
  const kinds = layerKinds(setup.model);
  const results: BackendParity[] = [];
  for (const backend of others) {
    const actual = await snapshot(setup, backend, batch);
    const layers = [...expected.outputs.keys()].map((layer) => ({
      layer,
      kind: kinds.get(layer)!,
      output: compareValues(actual.outputs.get(layer)!, expected.outputs.get(layer)!),
      gradients: [...expected.gradients.keys()]
        .filter((name) => name.startsWith(`${layer}/`))
        .map((name) => ({
          weight: name.slice(layer.length + 1),
          difference: compareValues(actual.gradients.get(name)!, expected.gradients.get(name)!),
        })),
    }));
    const loss = compareValues(actual.loss, expected.loss);
    const values = [
      ...layers.flatMap((l) => [
        { value: `${l.layer} output`, maxRel: l.output.maxRel },
        ...l.gradients.map((g) => ({ value: `${l.layer} ${g.weight} gradient`, maxRel: g.difference.maxRel })),
      ]),
      { value: "loss", maxRel: loss.maxRel },
    ];
    const worst = values.reduce((a, b) => (b.maxRel > a.maxRel ? b : a));
    results.push({ backend: backend.name, layers, loss, worst, passed: worst.maxRel <= PARITY_TOLERANCE });
  }
  return { model: setup.model.name, reference: reference.name, setup, results, passed: results.every((r) => r.passed) };
}

/** The loss a `train` would most likely use with this model's last layer, for models no `train` uses. */
export function defaultLoss(model: CheckedModel): LossChoice {
  const last = model.nodes.at(-1);
  const activation = last?.type === "layer" ? (last.config["activation"] ?? last.spec.name) : undefined;
  const units = model.outputShape.at(-1) ?? 1;
  if (activation === "softmax" && model.outputShape.length === 1 && units > 1)
    return { name: "sparse_categorical_crossentropy", config: {} };
  if (activation === "sigmoid") return { name: "binary_crossentropy", config: {} };
  return { name: "mean_squared_error", config: {} };
}

/**
 * Seeded features and labels the loss accepts: token indices for a model that starts with an
 * embedding, values in [-1, 1) otherwise; class indices, one-hot rows, 0/1 or values in [-1, 1).
 */
export function randomBatch(model: CheckedModel, loss: LossChoice, batch: number, seed: number): { x: Float32Array; y: Float32Array } {
  const random = new Random(seed);
  const size = (shape: readonly number[]) => shape.reduce((a, b) => a * b, 1);
  const first = model.nodes[0];
  const vocabulary = first?.type === "layer" && first.spec.name === "embedding" ? (first.config["input_dim"] as number) : undefined;
  const x = Float32Array.from({ length: batch * size(model.inputShape) }, () =>
    vocabulary ? random.int(vocabulary) : random.uniform() * 2 - 1,
  );
  const classes = model.outputShape.at(-1) ?? 1;
  let y: Float32Array;
  if (loss.name === "sparse_categorical_crossentropy")
    y = Float32Array.from({ length: batch * (size(model.outputShape) / classes) }, () => random.int(classes));
  else if (loss.name === "categorical_crossentropy") {
    y = new Float32Array(batch * size(model.outputShape));
    for (let row = 0; row < y.length / classes; row++) y[row * classes + random.int(classes)] = 1;
  } else if (loss.name === "binary_crossentropy") y = Float32Array.from({ length: batch * size(model.outputShape) }, () => random.int(2));
  else y = Float32Array.from({ length: batch * size(model.outputShape) }, () => random.uniform() * 2 - 1);
  return { x, y };
}

async function snapshot(setup: ParitySetup, backend: Backend, batch: { x: Float32Array; y: Float32Array }): Promise<Snapshot> {
  const runtime = new ModelRuntime(backend, setup.model, setup.loss, setup.seed);
  const executor = runtime.executor(setup.batch, setup.seed);
  backend.write(executor.x.tensor, batch.x);
  backend.write(executor.y.tensor, batch.y);
  executor.plan.forward();
  executor.plan.backward();
  const outputs = new Map<string, Float32Array>();
  for (const [layer, value] of executor.layerOutputs) outputs.set(layer, await backend.read(value.tensor));
  const gradients = new Map<string, Float32Array>();
  for (const [i, weight] of runtime.trainable.entries()) gradients.set(weight.name, await backend.read(executor.grads[i]!));
  return { outputs, gradients, loss: await backend.read(executor.loss.tensor) };
}

/** Layer kind by name; residual blocks count as kind `residual`. */
function layerKinds(model: CheckedModel): Map<string, string> {
  const kinds = new Map<string, string>();
  walkModel<void>(model, undefined, {
    layer: (layer) => void kinds.set(layer.name, layer.spec.name),
    residual: (block) => void kinds.set(block.name, "residual"),
  });
  return kinds;
}
