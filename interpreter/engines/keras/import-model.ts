// A Keras topology and its weights as a dl program: one `layer` line per Keras layer (read
// back through the same table the exporters write with), `from`/`as` where a layer reads
// anything but the line above, formatted by dl's formatter and checked; then the weights
// under dl's names and shapes, as a safetensors file with the header of dl's weights files
// (so `dl predict` and `load` accept it). Every layer dl cannot hold is listed at once.
import { hasErrors } from "../../../diagnostics/diagnostic.ts";
import { renderDiagnostics } from "../../../diagnostics/render.ts";
import { formatDl } from "../../../grammar/format/format.ts";
import { keywords } from "../../../grammar/keywords.ts";
import { parse } from "../../../grammar/parse.ts";
import { losses } from "../../../stdlib/losses/index.ts";
import { encodeSafetensors, type StoredTensor } from "../../../stdlib/safetensors.ts";
import { completeConfig } from "../../../stdlib/spec.ts";
import { check } from "../../check/check.ts";
import type { CheckedLayer, CheckedModel } from "../../check/checked.ts";
import { forEachLayer } from "../../check/walk.ts";
import type { FeatureStep } from "../../runtime/data.ts";
import type { LossChoice } from "../../runtime/model-runtime.ts";
import { weightsHeader } from "../../runtime/weights.ts";
import { byKerasClass, weightPlaces, type WeightPlace } from "./layer-mappings.ts";
import type { Topology } from "./read-topology.ts";
import { preprocessStep } from "./preprocess-layers.ts";
import { Unsupported } from "./unsupported.ts";

/** Where the importer finds a layer's weight: TF.js by name, Keras 3 by its place in the HDF5 file. */
export type WeightLookup = (layerName: string, place: WeightPlace) => Float32Array | undefined;

export interface RefusedLayer {
  name: string;
  className: string;
  reason: string;
}

/** The Keras layers dl cannot hold; nothing is made. */
export class ImportRefused extends Error {
  constructor(readonly layers: RefusedLayer[]) {
    super(`${layers.length} layer${layers.length === 1 ? "" : "s"} dl cannot import`);
  }
}

export interface ImportedModel {
  /** The formatted .dl program. */
  source: string;
  model: CheckedModel;
  /** The weights file's bytes. */
  weights: Uint8Array;
}

const merges = new Set(["Add", "Concatenate"]);

/** A dl name for a Keras name: word characters, not starting with a digit, not a keyword. */
function identifier(name: string): string {
  const id = name.replace(/\W/g, "_").replace(/^(\d)/, "_$1") || "imported";
  return (keywords as readonly string[]).includes(id) ? `${id}_` : id;
}

/** dl names for Keras names, unique. */
function identifiers(names: readonly string[]): Map<string, string> {
  const taken = new Set<string>();
  const result = new Map<string, string>();
  for (const name of names) {
    let id = identifier(name);
    while (taken.has(id)) id += "_";
    taken.add(id);
    result.set(name, id);
  }
  return result;
}

/** The layer lines, or every layer that cannot be written. */
function layerLines(topology: Topology): string[] {
  const refused: RefusedLayer[] = [];
  const lines = topology.layers.map((layer) => {
    const mapping = byKerasClass.get(layer.className);
    const line = mapping ? mapping.fromKeras(layer.className, layer.config, layer.call) : new Unsupported("dl has no such layer");
    if (layer.className === "MultiHeadAttention" && new Set(layer.inbound).size > 1) {
      refused.push({ name: layer.name, className: layer.className, reason: "cross-attention (dl's attention is self-attention)" });
    } else if (line instanceof Unsupported) refused.push({ name: layer.name, className: layer.className, reason: line.reason });
    return typeof line === "string" ? line : "";
  });
  if (topology.layers.at(-1)?.name !== topology.output) {
    refused.push({ name: topology.output, className: "output", reason: "the model's output is not its last layer" });
  }
  if (refused.length) throw new ImportRefused(refused);
  return lines;
}

/** Keras' to_snake_case: Conv2D → conv2d, BatchNormalization → batch_normalization. */
function snakeCase(className: string): string {
  return className
    .replace(/(.)([A-Z][a-z]+)/g, "$1_$2")
    .replace(/([a-z0-9])([A-Z])/g, "$1_$2")
    .toLowerCase();
}

/**
 * A name a producer made up (dense, dense_1, dense_Dense1, batch_normalization_2, input_layer),
 * as opposed to one a person chose, which the program keeps as `as NAME`.
 */
function madeUp(name: string, kinds: readonly string[]): boolean {
  return kinds.some((kind) => new RegExp(`^${kind}(_\\d+|_[A-Za-z0-9]*\\d+)?$`).test(name));
}

function programText(topology: Topology, lines: string[], weightsFile: string | undefined): { name: string; text: string } {
  const ids = identifiers([topology.input.name, ...topology.layers.map((l) => l.name)]);
  const chosen = new Set<string>();
  if (!madeUp(topology.input.name, ["input", "input_layer"])) chosen.add(topology.input.name);
  topology.layers.forEach((layer, i) => {
    const kinds = [lines[i]!.split(" ")[0]!, snakeCase(layer.className), ...(layer.className === "Add" ? ["residual"] : [])];
    if (!madeUp(layer.name, kinds)) chosen.add(layer.name);
  });
  const named = new Set(chosen);
  const reads = topology.layers.map((layer, i) => {
    const flow = i === 0 ? topology.input.name : topology.layers[i - 1]!.name;
    const inputs = [...new Set(layer.inbound)];
    if (merges.has(layer.className)) {
      inputs.forEach((name) => named.add(name));
      return ` ${inputs.map((name) => ids.get(name)).join(" ")}`;
    }
    // A layer's chosen name is read by name, as it was written (the first line reads the input as is).
    if (inputs[0] === flow && (i === 0 || !chosen.has(flow))) return "";
    named.add(inputs[0]!);
    return ` from ${ids.get(inputs[0]!)}`;
  });
  const as = (name: string) => (named.has(name) ? ` as ${ids.get(name)}` : "");
  const modelName = identifier(topology.name);
  const body = [
    `  input ${topology.input.shape.join(" ")}${as(topology.input.name)}`,
    ...topology.layers.map((layer, i) => `  layer ${lines[i]}${reads[i]}${as(layer.name)}`),
  ];
  const load = weightsFile ? `\nload ${modelName} ${JSON.stringify(weightsFile)}\n` : "";
  return { name: modelName, text: `model ${modelName} {\n${body.join("\n")}\n}\n${load}` };
}

/** Rescaling and Normalization layers at the front, as the weights file's preprocessing; the model starts after them. */
function leadingPreprocessing(topology: Topology): { topology: Topology; preprocess: FeatureStep[] } {
  const preprocess: FeatureStep[] = [];
  let start = 0;
  for (const layer of topology.layers) {
    const step = preprocessStep(layer.className, layer.config);
    if (step === undefined || step instanceof Unsupported || layer.inbound.length !== 1) break;
    if (layer.inbound[0] !== (start === 0 ? topology.input.name : topology.layers[start - 1]!.name)) break;
    preprocess.push(step);
    start++;
  }
  if (start === 0) return { topology, preprocess };
  const skipped = topology.layers[start - 1]!.name;
  const layers = topology.layers.slice(start).map((layer) => ({
    ...layer,
    inbound: layer.inbound.map((name) => (name === skipped ? topology.input.name : name)),
  }));
  return { topology: { ...topology, layers }, preprocess };
}

/** Normalization and concatenation along another axis than the last one dl uses. */
function axisProblem(layer: CheckedLayer, config: Record<string, unknown>): string | undefined {
  if (!("axis" in config)) return undefined;
  const axes = Array.isArray(config["axis"]) ? (config["axis"] as number[]) : [config["axis"] as number];
  const last = layer.inputShape.length;
  return axes.length === 1 && (axes[0] === -1 || axes[0] === last)
    ? undefined
    : `axis ${JSON.stringify(config["axis"])} (dl uses the last axis)`;
}

/** The loss a weights file records; a Keras model does not say, so its output activation decides. */
function lossFor(model: CheckedModel): LossChoice {
  let last: CheckedLayer | undefined;
  forEachLayer(model.nodes, (layer) => (last = layer));
  const activation = last?.config["activation"] ?? last?.spec.name;
  const name =
    activation === "softmax" ? "sparse_categorical_crossentropy" : activation === "sigmoid" ? "binary_crossentropy" : "mean_squared_error";
  return { name, config: completeConfig("loss", losses.get(name)!, {}) as LossChoice["config"] };
}

/**
 * The dl program of `topology` and its weights file; `weightsFile` is the path the program's
 * `load` statement names (none: the program has no `load`).
 */
export async function programFromKeras(given: Topology, lookup: WeightLookup, weightsFile?: string): Promise<ImportedModel> {
  const { topology, preprocess } = leadingPreprocessing(given);
  const lines = layerLines(topology);
  const { name, text } = programText(topology, lines, weightsFile);
  const source = await formatDl(text);
  const parsed = parse(source);
  const checked = check(parsed.program);
  const diagnostics = [...parsed.diagnostics, ...checked.diagnostics];
  if (hasErrors(diagnostics))
    throw new Error(`the imported program does not check:\n${renderDiagnostics(diagnostics, "imported.dl", source)}`);
  const model = checked.program.models.get(name)!;

  const layers: CheckedLayer[] = [];
  forEachLayer(model.nodes, (layer) => layers.push(layer));
  const refused: RefusedLayer[] = [];
  const tensors = new Map<string, StoredTensor>();
  layers.forEach((layer, i) => {
    const keras = topology.layers[i]!;
    const axis = axisProblem(layer, keras.config);
    if (axis) refused.push({ name: keras.name, className: keras.className, reason: axis });
    const inner = (keras.config["layer"] as { config?: { name?: string } } | undefined)?.config?.name ?? "";
    for (const place of weightPlaces(layer, inner)) {
      const shape = layer.params.find((p) => p.name === place.dl)!.shape;
      const data = lookup(keras.name, place);
      const size = shape.reduce((a, b) => a * b, 1);
      if (!data || data.length !== size) {
        refused.push({ name: keras.name, className: keras.className, reason: `its weight ${place.tfjs} is missing or not ${size} values` });
        continue;
      }
      tensors.set(`${layer.name}/${place.dl}`, { shape: [...shape], data });
    }
  });
  if (refused.length) throw new ImportRefused(refused);
  const modelSource = source.slice(0, source.indexOf("\n}\n") + 3);
  const header = weightsHeader(model, { source: modelSource, model: name, loss: lossFor(model), metrics: [], preprocess });
  return { source, model, weights: encodeSafetensors(tensors, header) };
}
