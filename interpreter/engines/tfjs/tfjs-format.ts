// `dl export --to tfjs`: a folder with model.json and its weights shard, for tf.loadLayersModel.
// The weights file's preprocessing is folded into the front of the model (preprocess-layers.ts).
import type { ExportFormat } from "../export/format.ts";
import { kerasRefusal } from "../keras/keras-graph.ts";
import { byDlKind } from "../keras/layer-mappings.ts";
import { tfjsFiles } from "./model-json.ts";

/** Kinds TF.js 4.22 has no layer for: MultiHeadAttention, and a GRU with reset_after. */
const missing = new Set(["attention", "gru"]);

export const tfjsFormat: ExportFormat = {
  name: "tfjs",
  extension: "_tfjs",
  refusal: (layer) => kerasRefusal(layer, "tfjs")?.reason,
  kinds: () => [...byDlKind.keys()].filter((kind) => !missing.has(kind)),
  output: ({ model, weights, preprocess }) => ({ folder: tfjsFiles(model, weights, preprocess) }),
};
