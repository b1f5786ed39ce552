// `dl export FILE --to onnx`: one model of a checked program, with its weights, in another
// format. The weights come from `--weights`, else from the file the program's `save` writes when
// it exists, else from the seed (the model as `train` would start it). The model is the one the
// weights file was saved from, else the one the program saves, else trains, else its only one.
// Layers the format cannot express are refused (DL601) before any weight is loaded.
import { DataError } from "../../../stdlib/datasets/data-error.ts";
import type { CheckedModel } from "../../check/checked.ts";
import { CpuBackend } from "../../backends/cpu/cpu-backend.ts";
import type { FeatureStep } from "../../runtime/data.ts";
import { WeightsMismatch } from "../../runtime/errors.ts";
import { ModelRuntime } from "../../runtime/model-runtime.ts";
import { UserError } from "../../runtime/user-error.ts";
import { loadWeights, readWeightsMetadata } from "../../runtime/weights.ts";
import type { LoadedProgram } from "../../run.ts";
import type { ExportFormat, ExportOutput } from "./format.ts";
import { exportFormats } from "./formats.ts";
import { refuseUnexportable } from "./refuse-layers.ts";

export interface ModelExportOptions {
  /** A format of `exportFormats` (onnx, tfjs, keras). */
  to: string;
  /** A weights file saved by dl; default: the program's `save` path when that file exists. */
  weights?: string;
  /** Overrides the `train` seed the weights start from when there is no weights file. */
  seed?: number;
}

export interface ExportedModel {
  format: ExportFormat;
  model: CheckedModel;
  /** The weights file read, or undefined for weights initialized from `seed`. */
  weights?: string;
  seed?: number;
  preprocess: readonly FeatureStep[];
  output: ExportOutput;
}

export async function exportModel(loaded: LoadedProgram, options: ModelExportOptions): Promise<ExportedModel> {
  const format = exportFormats.get(options.to);
  if (!format) throw new UserError(`unknown export format "${options.to}"`, `formats: ${[...exportFormats.keys()].join(", ")}`);
  const { existsSync } = process.getBuiltinModule("node:fs");
  const { dirname, resolve } = process.getBuiltinModule("node:path");
  const { checked } = loaded;
  const saved = checked.workflow.find((step) => step.type === "save");
  // Paths in a .dl file are relative to the file.
  const savedPath = saved ? resolve(dirname(loaded.file), saved.path) : undefined;
  const weightsPath = options.weights ?? (savedPath && existsSync(savedPath) ? savedPath : undefined);
  const metadata = weightsPath ? readingWeights(() => readWeightsMetadata(weightsPath)) : undefined;
  const model = metadata ? declaredModel(loaded, metadata.model, weightsPath!) : defaultModel(loaded);
  refuseUnexportable(model, format);

  const trains = checked.workflow.flatMap((step) => (step.type === "train" && step.train.model === model.name ? [step.train] : []));
  const seed = options.seed ?? trains[0]?.seed ?? 0;
  // The loss does not enter an inference graph; the runtime needs one to exist.
  const loss = trains[0]?.loss ?? { name: "mean_squared_error", config: {} };
  const runtime = new ModelRuntime(new CpuBackend(), model, loss, seed);
  if (weightsPath) readingWeights(() => loadWeights(runtime, weightsPath));
  const weights = new Map<string, { shape: readonly number[]; data: Float32Array }>();
  for (const weight of runtime.weights)
    weights.set(weight.name, { shape: weight.spec.shape, data: await runtime.backend.read(weight.tensor) });
  const preprocess = metadata?.preprocess ?? [];
  const output = await format.output({ model, weights, preprocess, ...(metadata?.classes ? { classes: metadata.classes } : {}) });
  return { format, model, ...(weightsPath ? { weights: weightsPath } : { seed }), preprocess, output };
}

/** The model a weights file was saved from, which the program must declare. */
function declaredModel(loaded: LoadedProgram, name: string, path: string): CheckedModel {
  const model = loaded.checked.models.get(name);
  if (!model) throw new UserError(`${path} holds weights of model \`${name}\`, which ${loaded.file} does not declare`, undefined, "DL302");
  return model;
}

/** The model the program saves, else the one it trains, else its only one. */
function defaultModel(loaded: LoadedProgram): CheckedModel {
  const { models, workflow } = loaded.checked;
  const step = workflow.find((s) => s.type === "save") ?? workflow.find((s) => s.type === "train");
  const name = step ? (step.type === "train" ? step.train.model : step.model) : models.size === 1 ? [...models.keys()][0] : undefined;
  if (name === undefined) {
    throw new UserError(
      `${loaded.file} declares ${models.size} models and neither trains nor saves one, so which to export is unclear`,
      "give the weights of the one to export with --weights",
    );
  }
  return models.get(name)!;
}

/** A weights file that cannot be read or does not fit, as `dl predict` reports it. */
function readingWeights<T>(body: () => T): T {
  try {
    return body();
  } catch (e) {
    if (e instanceof WeightsMismatch) throw new UserError(e.message, e.hint, "DL302");
    if (e instanceof DataError) throw new UserError(e.message, e.hint, "DL301");
    throw e;
  }
}
