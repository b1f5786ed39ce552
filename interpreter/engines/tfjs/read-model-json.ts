// Reads a TF.js LayersModel (model.json and the shards its manifest lists) for the importer:
// the Keras topology, and each weight by its TF.js name (`dense/kernel`; tf.keras models
// converted by tensorflowjs may name a cell's weights `lstm/lstm_cell/kernel`).
import type { WeightLookup } from "../keras/import-model.ts";
import { readTopology, TopologyError, type Topology } from "../keras/read-topology.ts";

interface Manifest {
  paths: string[];
  weights: { name: string; shape: number[]; dtype?: string; quantization?: unknown }[];
}

export interface TfjsModel {
  topology: Topology;
  lookup: WeightLookup;
}

/** `shard(path)` reads a file the manifest names, relative to model.json. */
export function readModelJson(text: string, shard: (path: string) => Uint8Array): TfjsModel {
  const json = JSON.parse(text) as { modelTopology?: { model_config?: unknown }; weightsManifest?: Manifest[] };
  if (!json.modelTopology || !json.weightsManifest) throw new TopologyError("a model.json without modelTopology and weightsManifest");
  const topology = readTopology(json.modelTopology.model_config ?? json.modelTopology);
  const weights = new Map<string, Float32Array>();
  for (const group of json.weightsManifest) {
    const parts = group.paths.map(shard);
    const bytes = new Uint8Array(parts.reduce((sum, p) => sum + p.length, 0));
    parts.reduce((offset, p) => (bytes.set(p, offset), offset + p.length), 0);
    let offset = 0;
    for (const entry of group.weights) {
      if ((entry.dtype ?? "float32") !== "float32" || entry.quantization) {
        throw new TopologyError(`weight \`${entry.name}\` is ${entry.quantization ? "quantized" : entry.dtype} (dl reads float32)`);
      }
      const size = entry.shape.reduce((a, b) => a * b, 1);
      if (offset + size * 4 > bytes.length) throw new TopologyError(`the weight shards end before \`${entry.name}\``);
      weights.set(entry.name, new Float32Array(bytes.slice(offset, offset + size * 4).buffer));
      offset += size * 4;
    }
  }
  const lookup: WeightLookup = (layer, place) => {
    const exact = weights.get(`${layer}/${place.tfjs}`);
    if (exact) return exact;
    const nested = [...weights.keys()].find((name) => name.startsWith(`${layer}/`) && name.endsWith(`/${place.tfjs}`));
    return nested === undefined ? undefined : weights.get(nested);
  };
  return { topology, lookup };
}
