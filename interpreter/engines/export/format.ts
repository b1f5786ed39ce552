// What an export format provides to `dl export --to NAME`: which layers it refuses (before
// anything is written) and the bytes of a model with its weights. Formats are registered in
// formats.ts.
import type { CheckedLayer, CheckedModel } from "../../check/checked.ts";
import type { FeatureStep } from "../../runtime/data.ts";

/** A model with its weights, ready to translate. */
export interface ExportInput {
  model: CheckedModel;
  /** dl's weights by `<layer>/<weight>` name, in Keras layouts. */
  weights: ReadonlyMap<string, { shape: readonly number[]; data: Float32Array }>;
  /** The feature preprocessing the weights were trained after (from the weights file); empty from the seed. */
  preprocess: readonly FeatureStep[];
  /** A classifier's class names, when the training data named them. */
  classes?: readonly string[];
}

/** One file, or a folder of files by relative path. */
export type ExportOutput = { file: Uint8Array } | { folder: ReadonlyMap<string, Uint8Array> };

export interface ExportFormat {
  name: string;
  /** Appended to the model's name for the default output path (`mnist_mlp.onnx`). */
  extension: string;
  /** Why `layer` has no counterpart in this format, or undefined when it maps. */
  refusal(layer: CheckedLayer): string | undefined;
  /** The layer kinds that map, for the refusal's hint. */
  kinds(): readonly string[];
  /** Keras' writer is async (it loads h5wasm, HDF5 in WebAssembly). */
  output(input: ExportInput): ExportOutput | Promise<ExportOutput>;
}
