// Saving and loading trained weights as safetensors. The header carries what is needed to
// use the file on its own: the model's formatted source, its loss and class names, and a
// hash of its architecture, so weights never load into a model they do not fit.
import { dtypeOf, readSafetensors, writeSafetensors, type StoredTensor } from "../../stdlib/safetensors.ts";
import { formatShape } from "../../stdlib/layers/layer-spec.ts";
import type { CheckedModel, CheckedNode } from "../check/checked.ts";
import { BadWeightsFile, WeightsMismatch } from "./errors.ts";
import type { FeatureStep } from "./data.ts";
import type { LossChoice, ModelRuntime } from "./model-runtime.ts";
import { parseWeightsHeader } from "./weights-header.ts";

export interface WeightsMetadata {
  /** The model declaration with the constants and blocks it uses, formatted. */
  source: string;
  model: string;
  loss: LossChoice;
  /** The metrics `evaluate` reports after a `load`. */
  metrics: string[];
  /** Feature preprocessing of the training data, replayed on inputs to `dl predict`. */
  preprocess: FeatureStep[];
  classes?: string[];
  /** The training data's label column, when the data named it (`source csv "f.csv" label=kind`); `dl predict` leaves it out. */
  label?: string;
}

/** What makes weights fit a model: layer kinds, activations, and every weight's shape. */
export function architectureHash(model: CheckedModel): string {
  // Fetched here, not imported, so that the API bundles for a web page.
  const { createHash } = process.getBuiltinModule("node:crypto");
  const describe = (nodes: readonly CheckedNode[]): unknown[] =>
    nodes.map((node) =>
      node.type === "residual"
        ? { residual: describe(node.body) }
        : {
            kind: node.spec.name,
            activation: node.config["activation"] ?? null,
            weights: node.params.map((p) => [p.name, p.shape]),
            // The wiring of a graph model is part of its architecture.
            ...(node.inputs.length || node.as ? { inputs: node.inputs, as: node.as ?? null } : {}),
          },
    );
  const input = model.inputName ? { input: model.inputShape, as: model.inputName } : { input: model.inputShape };
  return createHash("sha256")
    .update(JSON.stringify({ ...input, layers: describe(model.nodes) }))
    .digest("hex")
    .slice(0, 16);
}

export async function saveWeights(runtime: ModelRuntime, path: string, metadata: WeightsMetadata): Promise<void> {
  const tensors = new Map<string, { shape: number[]; data: Float32Array }>();
  for (const weight of runtime.weights)
    tensors.set(weight.name, { shape: [...weight.spec.shape], data: await runtime.backend.read(weight.tensor) });
  writeSafetensors(path, tensors, weightsHeader(runtime.model, metadata));
}

/** The safetensors metadata of a weights file (also written by programs generated for other engines). */
export function weightsHeader(model: CheckedModel, metadata: WeightsMetadata): Record<string, string> {
  return {
    format: "dl",
    "dl.model": metadata.model,
    "dl.source": metadata.source,
    "dl.loss": JSON.stringify(metadata.loss),
    "dl.metrics": JSON.stringify(metadata.metrics),
    "dl.preprocess": JSON.stringify(metadata.preprocess),
    "dl.architecture": architectureHash(model),
    ...(metadata.classes ? { "dl.classes": JSON.stringify(metadata.classes) } : {}),
    ...(metadata.label !== undefined ? { "dl.label": metadata.label } : {}),
  };
}

/** Reads the metadata of a weights file written by saveWeights. */
export function readWeightsMetadata(path: string): WeightsMetadata & { architecture: string } {
  const { metadata } = readSafetensors(path);
  if (
    metadata["format"] !== "dl" ||
    metadata["dl.source"] === undefined ||
    metadata["dl.model"] === undefined ||
    metadata["dl.loss"] === undefined
  ) {
    throw new WeightsMismatch(
      `${path} was not saved by dl (its header has no model source)`,
      'save weights with a `save MODEL "file.safetensors"` statement',
    );
  }
  return parseWeightsHeader(metadata, path);
}

/** Loads weights into the runtime, refusing a file saved from a different architecture. */
export function loadWeights(runtime: ModelRuntime, path: string): void {
  const file = readSafetensors(path);
  const expected = architectureHash(runtime.model);
  const saved = file.metadata["dl.architecture"];
  for (const weight of runtime.weights) {
    const tensor = file.tensors.get(weight.name);
    const shape = formatShape(weight.spec.shape);
    if (!tensor) {
      throw new WeightsMismatch(
        `${path} has no weight \`${weight.name}\` ${shape} that model \`${runtime.model.name}\` needs`,
        differentModelHint(file.metadata["dl.source"]),
      );
    }
    float32Values(tensor, weight.name, path);
    if (tensor.shape.join(",") !== weight.spec.shape.join(",")) {
      throw new WeightsMismatch(
        `\`${weight.name}\` is ${formatShape(tensor.shape)} in ${path} but ${shape} in model \`${runtime.model.name}\``,
        differentModelHint(file.metadata["dl.source"]),
      );
    }
  }
  if (saved !== undefined && saved !== expected) {
    throw new WeightsMismatch(
      `${path} was saved from a different architecture than model \`${runtime.model.name}\` (layer kinds or activations differ)`,
      differentModelHint(file.metadata["dl.source"]),
    );
  }
  for (const weight of runtime.weights) runtime.backend.write(weight.tensor, file.tensors.get(weight.name)!.data as Float32Array);
}

/** A stored tensor's values as dl writes them: F32 and finite; anything else is refused, not reinterpreted. */
export function float32Values(tensor: StoredTensor, name: string, path: string): Float32Array {
  const { data } = tensor;
  if (!(data instanceof Float32Array)) throw new BadWeightsFile(path, `${name}.dtype`, `dl writes F32 weights, not ${dtypeOf(data)}`);
  const at = data.findIndex((v) => !Number.isFinite(v));
  if (at >= 0) throw new BadWeightsFile(path, name, `value ${at} is ${data[at]}, not a finite number`);
  return data;
}

/** The model a weights file was saved from (its `dl.source`), for a file that does not fit. */
export function differentModelHint(source: string | undefined): string {
  return source ? `the file was saved from:\n${source.trimEnd().replace(/^/gm, "      ")}` : "save the weights again from this model";
}
