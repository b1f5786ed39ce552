// `dl predict model.safetensors input.csv`: rebuilds the model from the source stored in the
// weights file, loads the weights, and prints one prediction per input row.
import { readFileSync } from "node:fs";
import { DiagnosticError, hasErrors } from "../diagnostics/diagnostic.ts";
import { parse } from "../grammar/parse.ts";
import type { Backend } from "../interpreter/backends/backend.ts";
import { check } from "../interpreter/check/check.ts";
import { fitToInput, replayPreprocess } from "../interpreter/runtime/data.ts";
import { WeightsMismatch } from "../interpreter/runtime/errors.ts";
import { predict } from "../interpreter/runtime/evaluate.ts";
import { ModelRuntime } from "../interpreter/runtime/model-runtime.ts";
import { refuseUnrunnable } from "../interpreter/runtime/unrunnable.ts";
import { loadWeights, readWeightsMetadata } from "../interpreter/runtime/weights.ts";
import { DataError } from "../stdlib/datasets/data-error.ts";
import { parseCsvDataset } from "../stdlib/datasets/sources/csv.ts";
import { UserError } from "./load.ts";

export async function predictFile(weightsPath: string, inputPath: string, backend: Backend): Promise<string[]> {
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
    return Array.from({ length: rows.count }, (_, i) => describe(outputs.subarray(i * width, (i + 1) * width), metadata.classes));
  } catch (e) {
    // The model's source lives in the weights file, not in a file to point at.
    if (e instanceof DiagnosticError) throw new UserError(`${weightsPath}: ${e.message}: ${e.diagnostic.label}`, e.diagnostic.hints[0]);
    if (e instanceof DataError || e instanceof WeightsMismatch) throw new UserError(e.message, e instanceof WeightsMismatch ? e.hint : e.hint);
    throw e;
  }
}

function readInput(path: string): string {
  try {
    return readFileSync(path, "utf8");
  } catch {
    throw new UserError(`${path}: cannot read: no such file`);
  }
}

/** A class with its probability for classifiers, the raw values otherwise. */
function describe(output: Float32Array, classes: string[] | undefined): string {
  const values = [...output].map((v) => v.toFixed(4)).join(",");
  if (output.length < 2) return values;
  let best = 0;
  for (let i = 1; i < output.length; i++) if (output[i]! > output[best]!) best = i;
  return `${classes?.[best] ?? best}\t${values}`;
}
