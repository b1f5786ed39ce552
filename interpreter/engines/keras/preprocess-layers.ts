// The preprocessing a weights file records, folded into the front of a Keras graph so the export
// takes the raw inputs `dl predict` takes: `scale` is a Rescaling layer (TF.js and Keras); a
// `standardize` is Keras' Normalization layer (mean and variance per input position), and in
// TF.js, which has no such layer, a Dense layer with a diagonal kernel 1/std and bias −mean/std
// (flat inputs only). The importer reads a leading Rescaling or Normalization back as
// preprocessing.
import type { FeatureStep } from "../../runtime/data.ts";
import type { KerasNode } from "./keras-graph.ts";
import { Unsupported, type Flavor } from "./unsupported.ts";

function node(name: string, className: string, config: Record<string, unknown>, shape: readonly number[], inbound: string): KerasNode {
  return { name, className, config, inbound: [inbound], call: {}, inputShapes: [[...shape]], outputShape: [...shape], weights: [] };
}

/** The layers of `steps` reading `input`, in order, or why the flavor cannot hold one. */
export function preprocessLayers(
  steps: readonly FeatureStep[],
  shape: readonly number[],
  input: string,
  flavor: Flavor,
): KerasNode[] | Unsupported {
  const nodes: KerasNode[] = [];
  for (const [i, step] of steps.entries()) {
    const inbound = nodes.at(-1)?.name ?? input;
    const name = `${"scale" in step ? "rescaling" : "normalization"}${i ? `_${i}` : ""}`;
    if ("scale" in step) {
      nodes.push(node(name, "Rescaling", { scale: step.scale, offset: 0 }, shape, inbound));
      continue;
    }
    const { mean, std } = step.standardize;
    if (flavor === "keras") {
      const axis = shape.map((_, a) => a + 1);
      nodes.push(node(name, "Normalization", { axis, mean, variance: std.map((s) => s * s), invert: false }, shape, inbound));
      continue;
    }
    if (shape.length !== 1)
      return new Unsupported("TF.js has no Normalization layer, and standardized inputs of more than one axis have no other form there");
    const n = shape[0]!;
    const kernel = new Float32Array(n * n);
    for (let j = 0; j < n; j++) kernel[j * n + j] = 1 / std[j]!;
    const bias = Float32Array.from(mean, (m, j) => -m / std[j]!);
    const dense = node(name, "Dense", { units: n, activation: "linear", use_bias: true }, shape, inbound);
    dense.weights = [
      { place: { dl: "kernel", tfjs: "kernel", h5: "vars/0", shape: [n, n] }, data: kernel },
      { place: { dl: "bias", tfjs: "bias", h5: "vars/1", shape: [n] }, data: bias },
    ];
    nodes.push(dense);
  }
  return nodes;
}

/** A leading Rescaling or Normalization layer's config as preprocessing, or undefined for any other layer. */
export function preprocessStep(className: string, config: Record<string, unknown>): FeatureStep | Unsupported | undefined {
  if (className === "Rescaling") {
    const { scale, offset } = config as { scale: unknown; offset?: unknown };
    if (typeof scale !== "number" || (offset ?? 0) !== 0) return new Unsupported("a Rescaling with an offset or a scale per channel");
    return { scale };
  }
  if (className === "Normalization") {
    const mean = config["mean"];
    const variance = config["variance"];
    if (!Array.isArray(mean) || !Array.isArray(variance) || config["invert"])
      return new Unsupported("a Normalization adapted in Keras without its statistics in the config");
    return {
      standardize: { mean: (mean as unknown[]).flat(8) as number[], std: ((variance as unknown[]).flat(8) as number[]).map(Math.sqrt) },
    };
  }
  return undefined;
}
