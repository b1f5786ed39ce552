// A checked model as a Keras layer graph: an input, then each layer with its class, config,
// what it reads and its weights in Keras' shapes. TF.js's model.json and Keras 3's .keras are
// two serializations of it. A residual block's join becomes an Add layer; a layer named with
// `as NAME` keeps NAME as its Keras name, so an import reads the same names back.
import type { CheckedLayer, CheckedModel } from "../../check/checked.ts";
import { forEachLayer, walkModel } from "../../check/walk.ts";
import type { FeatureStep } from "../../runtime/data.ts";
import { UserError } from "../../runtime/user-error.ts";
import { byDlKind, weightPlaces, type KerasConfig, type WeightPlace } from "./layer-mappings.ts";
import { preprocessLayers } from "./preprocess-layers.ts";
import { Unsupported, type Flavor } from "./unsupported.ts";

export interface KerasWeight {
  place: WeightPlace;
  data: Float32Array;
}

export interface KerasNode {
  name: string;
  className: string;
  config: KerasConfig;
  /** Names of the layers (or the input) it reads, in order. */
  inbound: string[];
  /** Keyword arguments of its call (MultiHeadAttention's use_causal_mask). */
  call: KerasConfig;
  inputShapes: number[][];
  outputShape: number[];
  weights: KerasWeight[];
}

export interface KerasGraph {
  name: string;
  input: { name: string; shape: number[] };
  nodes: KerasNode[];
  output: string;
  /** A plain stack that Keras' Sequential holds; otherwise the graph needs a functional Model. */
  sequential: boolean;
}

/** dl weights by their full name (`dense/kernel`), as ModelRuntime and weights files name them. */
export type NamedWeights = ReadonlyMap<string, { data: Float32Array }>;

/** Why `flavor` cannot hold `layer`, or undefined when it maps. */
export function kerasRefusal(layer: CheckedLayer, flavor: Flavor): Unsupported | undefined {
  const mapped = byDlKind.get(layer.spec.name)?.toKeras(layer, flavor) ?? new Unsupported(`no Keras layer matches \`${layer.spec.name}\``);
  return mapped instanceof Unsupported ? mapped : undefined;
}

/** The layers `flavor` cannot hold, each with the reason. */
export function refusals(model: CheckedModel, flavor: Flavor): { layer: CheckedLayer; reason: Unsupported }[] {
  const refused: { layer: CheckedLayer; reason: Unsupported }[] = [];
  forEachLayer(model.nodes, (layer) => {
    const reason = kerasRefusal(layer, flavor);
    if (reason) refused.push({ layer, reason });
  });
  return refused;
}

/** Keras names: a layer's `as` name where no other layer has it as its own name, else dl's name. */
function kerasNames(model: CheckedModel): Map<CheckedLayer, string> {
  const own = new Set<string>();
  forEachLayer(model.nodes, (layer) => own.add(layer.name));
  const names = new Map<CheckedLayer, string>();
  forEachLayer(model.nodes, (layer) => names.set(layer, layer.as && !own.has(layer.as) ? layer.as : layer.name));
  return names;
}

/**
 * The model as a Keras graph, its input preprocessing (from the weights file) as its first layers;
 * call `refusals` first: a refused layer throws here.
 */
export function toKerasGraph(
  model: CheckedModel,
  weights: NamedWeights,
  flavor: Flavor,
  preprocess: readonly FeatureStep[] = [],
): KerasGraph {
  const names = kerasNames(model);
  const input = { name: model.inputName ?? "input", shape: [...model.inputShape] };
  const nodes = preprocessLayers(preprocess, input.shape, input.name, flavor);
  if (nodes instanceof Unsupported)
    throw new UserError(`the input preprocessing cannot be exported: ${nodes.reason}`, "export to ONNX, which folds it in");
  type Flow = { name: string; shape: number[] };
  // The model starts from the preprocessed input (what `input … as x` names too).
  const first = nodes.length ? { name: nodes.at(-1)!.name, shape: input.shape } : input;
  const output = walkModel<Flow>(model, first, {
    layer(layer, inputs) {
      const mapped = byDlKind.get(layer.spec.name)!.toKeras(layer, flavor);
      if (mapped instanceof Unsupported) throw new Error(`${layer.name}: ${mapped.reason}`);
      const name = names.get(layer)!;
      const attention = mapped.className === "MultiHeadAttention";
      nodes.push({
        name,
        ...mapped,
        // Keras calls attention as mha(query, value): self-attention reads its input twice.
        inbound: attention ? [inputs[0]!.name, inputs[0]!.name] : inputs.map((i) => i.name),
        call: attention ? { use_causal_mask: layer.config["causal"] } : {},
        inputShapes: inputs.map((i) => i.shape),
        outputShape: [...layer.outputShape],
        weights: weightPlaces(layer, String(layer.config["cell"] ?? "")).map((place) => {
          const weight = weights.get(`${layer.name}/${place.dl}`);
          if (!weight) throw new Error(`no weight ${layer.name}/${place.dl}`);
          return { place, data: weight.data };
        }),
      });
      return { name, shape: [...layer.outputShape] };
    },
    residual(block, body, skip) {
      nodes.push({
        name: block.name,
        className: "Add",
        config: {},
        inbound: [body.name, skip.name],
        call: {},
        inputShapes: [body.shape, skip.shape],
        outputShape: [...block.outputShape],
        weights: [],
      });
      return { name: block.name, shape: [...block.outputShape] };
    },
  });
  const sequential = nodes.every((node, i) => node.inbound.length === 1 && node.inbound[0] === (i === 0 ? input.name : nodes[i - 1]!.name));
  return { name: model.name, input, nodes, output: output.name, sequential };
}
