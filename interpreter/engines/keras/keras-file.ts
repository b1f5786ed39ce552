// The Keras 3 `.keras` file (experimental: no Keras runs here to load it): a zip of
// config.json, metadata.json and model.weights.h5, stored uncompressed as Keras writes it;
// and its reading for `dl import`.
import { strFromU8, strToU8, unzipSync, zipSync } from "fflate";
import type { CheckedModel } from "../../check/checked.ts";
import type { FeatureStep } from "../../runtime/data.ts";
import type { WeightLookup } from "./import-model.ts";
import { keras3Config } from "./keras3-config.ts";
import { toKerasGraph, type NamedWeights } from "./keras-graph.ts";
import { readTopology, TopologyError, type Topology } from "./read-topology.ts";
import { readWeightsH5, writeWeightsH5 } from "./weights-h5.ts";

export const KERAS_FILES = { config: "config.json", metadata: "metadata.json", weights: "model.weights.h5" } as const;

/** The Keras version whose file layout this follows. */
const KERAS_VERSION = "3.5.0";

/** A fixed time for the zip entries, so the same model gives the same bytes. */
const ENTRY_TIME = new Date("2024-01-01T00:00:00Z");

/** The `.keras` file's bytes. */
export async function kerasFile(model: CheckedModel, weights: NamedWeights, preprocess: readonly FeatureStep[] = []): Promise<Uint8Array> {
  const graph = toKerasGraph(model, weights, "keras", preprocess);
  const groups = ["vars", "layers", ...graph.nodes.map((node) => `layers/${node.name}/vars`)];
  const datasets = new Map(
    graph.nodes.flatMap((node) =>
      node.weights.map((w) => [`layers/${node.name}/${w.place.h5}`, { shape: w.place.shape, data: w.data }] as const),
    ),
  );
  const h5 = await writeWeightsH5(groups, datasets);
  const json = (value: unknown) => strToU8(JSON.stringify(value));
  return zipSync(
    {
      [KERAS_FILES.metadata]: json({ keras_version: KERAS_VERSION, generated_by: "dl" }),
      [KERAS_FILES.config]: json(keras3Config(graph)),
      [KERAS_FILES.weights]: h5,
    },
    { level: 0, mtime: ENTRY_TIME },
  );
}

export interface KerasModel {
  topology: Topology;
  lookup: WeightLookup;
}

/** Reads a `.keras` file's topology and its weights. */
export async function readKerasFile(bytes: Uint8Array): Promise<KerasModel> {
  let entries: Record<string, Uint8Array>;
  try {
    entries = unzipSync(bytes);
  } catch {
    throw new TopologyError("a file that is not a zip archive (a .keras file is one)");
  }
  const config = entries[KERAS_FILES.config];
  const h5 = entries[KERAS_FILES.weights];
  if (!config || !h5) throw new TopologyError(`a .keras file without ${KERAS_FILES.config} and ${KERAS_FILES.weights}`);
  const topology = readTopology(JSON.parse(strFromU8(config)));
  const weights = await readWeightsH5(h5);
  return { topology, lookup: (layer, place) => weights.get(`layers/${layer}/${place.h5}`) };
}
