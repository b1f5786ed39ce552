// What `dl predict model.safetensors input.csv` computes: rebuilds the model from the source
// stored in the weights file, loads the weights, and predicts every row of a CSV file.
import { DiagnosticError, hasErrors } from "../../diagnostics/diagnostic.ts";
import { parse } from "../../grammar/parse.ts";
import type { Backend } from "../backends/backend.ts";
import { check } from "../check/check.ts";
import { DataError } from "../../stdlib/datasets/data-error.ts";
import { parseCsvDataset } from "../../stdlib/datasets/sources/csv.ts";
import { fitToInput, replayPreprocess } from "./data.ts";
import { WeightsMismatch } from "./errors.ts";
import { predict } from "./evaluate.ts";
import { ModelRuntime } from "./model-runtime.ts";
import { refuseUnrunnable } from "./unrunnable.ts";
import { UserError } from "./user-error.ts";
import { loadWeights, readWeightsMetadata } from "./weights.ts";

/** The model's output for one input row. */
export interface Prediction {
  output: Float32Array;
  /** A classifier's (two or more outputs) most probable class: its name when the training data named the classes, else its index. */
  label?: string;
}

/** One prediction per row of the CSV file at `inputPath`; every problem is a UserError naming a file. */
export async function predictFile(weightsPath: string, inputPath: string, backend: Backend): Promise<Prediction[]> {
  try {
    const metadata = readWeightsMetadata(weightsPath);
    const checked = check(parse(metadata.source).program);
    const model = checked.program.models.get(metadata.model);
    if (hasErrors(checked.diagnostics) || !model) throw new UserError(`${weightsPath}: the model source stored in the file does not check`);
    refuseUnrunnable({ model, loss: metadata.loss, lossSpan: model.span, needs: "forward" }, backend);
    const runtime = new ModelRuntime(backend, model, metadata.loss, 0);
    loadWeights(runtime, weightsPath);
    const text = readInput(inputPath);
    const raw = parseCsvDataset(text, inputPath, null, false);
    const { train: rows } = fitToInput({ train: replayPreprocess(raw, metadata.preprocess) }, model.inputShape, inputPath);
    const outputs = await predict(runtime, rows);
    const width = outputs.length / rows.count;
    return Array.from({ length: rows.count }, (_, i) => prediction(outputs.subarray(i * width, (i + 1) * width), metadata.classes));
  } catch (e) {
    // The model's source lives in the weights file, not in a file to point at.
    if (e instanceof DiagnosticError) throw new UserError(`${weightsPath}: ${e.message}: ${e.diagnostic.label}`, e.diagnostic.hints[0]);
    if (e instanceof DataError || e instanceof WeightsMismatch) throw new UserError(e.message, e.hint);
    throw e;
  }
}

function readInput(path: string): string {
  // Fetched here, not imported, so that the API bundles for a web page.
  const { readFileSync } = process.getBuiltinModule("node:fs");
  try {
    return readFileSync(path, "utf8");
  } catch {
    throw new UserError(`${path}: cannot read: no such file`);
  }
}

function prediction(output: Float32Array, classes: string[] | undefined): Prediction {
  if (output.length < 2) return { output };
  let best = 0;
  for (let i = 1; i < output.length; i++) if (output[i]! > output[best]!) best = i;
  return { output, label: `${classes?.[best] ?? best}` };
}
