// `dl export --to keras`: one Keras 3 `.keras` file (experimental: no Keras runs here to load
// it; h5py checks its weights). The weights file's preprocessing is folded into the front of
// the model as Rescaling and Normalization layers (preprocess-layers.ts).
import type { ExportFormat } from "../export/format.ts";
import { kerasFile } from "./keras-file.ts";
import { kerasRefusal } from "./keras-graph.ts";
import { byDlKind } from "./layer-mappings.ts";

export const kerasFormat: ExportFormat = {
  name: "keras",
  extension: ".keras",
  refusal: (layer) => kerasRefusal(layer, "keras")?.reason,
  kinds: () => [...byDlKind.keys()],
  output: async ({ model, weights, preprocess }) => ({ file: await kerasFile(model, weights, preprocess) }),
};
