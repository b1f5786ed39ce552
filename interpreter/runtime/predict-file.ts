// What `dl predict model.safetensors input.csv` computes: rebuilds the model from the source
// stored in the weights file, loads the weights, and predicts every row of a CSV or JSON file.
import { DiagnosticError, hasErrors } from "../../diagnostics/diagnostic.ts";
import { parse } from "../../grammar/parse.ts";
import type { Backend } from "../backends/backend.ts";
import { check } from "../check/check.ts";
import { DataError } from "../../stdlib/datasets/data-error.ts";
import type { Dataset } from "../../stdlib/datasets/dataset.ts";
import { splitCsvLine } from "../../stdlib/datasets/csv-line.ts";
import { parseFeature, parseNumber } from "../../stdlib/datasets/encode-labels.ts";
import { parseJsonDataset } from "../../stdlib/datasets/sources/json.ts";
import { sizeOf } from "../backends/backend.ts";
import { fitToInput, replayPreprocess } from "./data.ts";
import { BadWeightsFile, WeightsMismatch } from "./errors.ts";
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

/** Every row's prediction, with what the output values are and what was assumed about the input. */
export interface PredictionTable {
  /** What each output value is: a classifier's class names (or indices), else `output`. */
  columns: string[];
  rows: Prediction[];
  /** What the input was taken to be: a first row read as data, a label column left out. */
  notes: string[];
}

/**
 * One prediction per row of the CSV file (or example of the JSON file) at `inputPath`; every
 * problem is a UserError naming a file, with the DL code of its kind.
 */
export async function predictFile(weightsPath: string, inputPath: string, backend: Backend): Promise<PredictionTable> {
  try {
    const metadata = readWeightsMetadata(weightsPath);
    const checked = check(parse(metadata.source).program);
    const model = checked.program.models.get(metadata.model);
    if (hasErrors(checked.diagnostics) || !model)
      throw new UserError(`${weightsPath}: the model source stored in the file does not check`, undefined, "DL302");
    refuseUnrunnable({ model, loss: metadata.loss, lossSpan: model.span, needs: "forward" }, backend);
    const width = sizeOf(model.inputShape);
    for (const step of metadata.preprocess) {
      if ("standardize" in step && width % step.standardize.mean.length !== 0)
        throw new BadWeightsFile(
          weightsPath,
          "dl.preprocess",
          `standardize has ${step.standardize.mean.length} values for an input of ${width}`,
        );
    }
    const runtime = new ModelRuntime(backend, model, metadata.loss, 0);
    loadWeights(runtime, weightsPath);
    const text = readInput(inputPath);
    const { inputs, notes } = inputPath.toLowerCase().endsWith(".json")
      ? { inputs: jsonInputs(text, inputPath), notes: [] }
      : csvInputs(text, inputPath, { ...metadata, width, model: model.name });
    if (inputs.featureShape.length === 1 && inputs.featureShape[0] !== width) {
      throw new DataError(
        `examples have ${inputs.featureShape[0]} values, but model \`${model.name}\` takes ${width}`,
        inputPath,
        undefined,
        `give each example the ${width} input values the model was trained on`,
      );
    }
    const { train: rows } = fitToInput({ train: replayPreprocess(inputs, metadata.preprocess) }, model.inputShape, inputPath);
    const outputs = await predict(runtime, rows);
    const outputWidth = outputs.length / rows.count;
    return {
      columns: outputWidth < 2 ? ["output"] : Array.from({ length: outputWidth }, (_, i) => metadata.classes?.[i] ?? `${i}`),
      rows: Array.from({ length: rows.count }, (_, i) =>
        prediction(outputs.subarray(i * outputWidth, (i + 1) * outputWidth), metadata.classes),
      ),
      notes,
    };
  } catch (e) {
    // The model's source lives in the weights file, not in a file to point at.
    if (e instanceof DiagnosticError)
      throw new UserError(`${weightsPath}: ${e.message}: ${e.diagnostic.label}`, e.diagnostic.hints[0], e.diagnostic.code);
    if (e instanceof DataError) throw new UserError(e.message, e.hint, "DL301");
    if (e instanceof WeightsMismatch) throw new UserError(e.message, e.hint, "DL302");
    if (e instanceof BadWeightsFile) throw new UserError(e.message, BadWeightsFile.hint, "DL501");
    throw e;
  }
}

/**
 * The rows of a CSV file as features. The header row is optional: a first row of numbers only
 * is data, and a note says so. A column the model was trained to predict (the `label` named in
 * the weights file, or a column of class names) is left out, so the training file itself predicts.
 */
function csvInputs(
  text: string,
  file: string,
  trained: { width: number; model: string; label?: string; classes?: string[] },
): { inputs: Dataset; notes: string[] } {
  const rows: { line: number; fields: string[] }[] = [];
  text
    .replace(/^\uFEFF/, "")
    .split(/\r\n|\r|\n/)
    .forEach((content, i) => {
      if (content.trim() === "") return;
      const fields = splitCsvLine(content);
      if ("error" in fields) throw new DataError(fields.error, file, i + 1);
      rows.push({ line: i + 1, fields });
    });
  if (rows.length === 0) throw new DataError("empty file, expected rows of input values", file);
  const notes: string[] = [];
  const header = rows[0]!.fields.every((f) => parseNumber(f) !== undefined) ? undefined : rows.shift()!;
  if (!header) notes.push(`${file} has no header row: its first row is read as data`);
  if (rows.length === 0) throw new DataError("no data rows after the header", file);
  const names = header?.fields ?? rows[0]!.fields.map((_, i) => `column ${i + 1}`);
  let skip = -1;
  if (names.length === trained.width + 1) {
    const byName = header && trained.label !== undefined ? names.indexOf(trained.label) : -1;
    skip = byName >= 0 ? byName : names.findIndex((_, c) => holdsClassNames(rows, c, trained.classes));
    if (skip >= 0) notes.push(`${file}: column "${names[skip]}" holds the labels the model was trained on; it is left out`);
  }
  const width = names.length - (skip >= 0 ? 1 : 0);
  const features = new Float32Array(rows.length * width);
  rows.forEach(({ line, fields }, r) => {
    if (fields.length !== names.length) {
      throw new DataError(
        `expected ${names.length} columns${header ? " (as in the header)" : ""}, found ${fields.length}`,
        file,
        line,
        `model \`${trained.model}\` takes ${trained.width} input values per row`,
      );
    }
    let f = r * width;
    fields.forEach((field, c) => {
      if (c === skip) return;
      features[f++] = parseFeature(field, names[c]!, (message) => {
        throw new DataError(message, file, line);
      });
    });
  });
  return { inputs: { features, featureShape: [width], count: rows.length, labels: new Float32Array(0), labelShape: [] }, notes };
}

/** Whether column `c` holds only the class names a classifier was trained on, and not as numbers. */
function holdsClassNames(rows: readonly { fields: string[] }[], c: number, classes: readonly string[] | undefined): boolean {
  if (!classes) return false;
  const values = rows.map((row) => row.fields[c] ?? "");
  return values.every((v) => classes.includes(v)) && values.some((v) => parseNumber(v) === undefined);
}

/** The JSON data source's layouts, with the labels optional: `[{"x": …}, …]` or `{"features": […]}`; any `y` or `labels` is ignored. */
function jsonInputs(text: string, file: string): Dataset {
  let root: unknown;
  try {
    root = JSON.parse(text);
  } catch {
    return parseJsonDataset(text, file, false); // reports the syntax error as the JSON source does
  }
  const isObject = (v: unknown): v is Record<string, unknown> => typeof v === "object" && v !== null && !Array.isArray(v);
  // Stand-in labels let the JSON source's own reader check the examples' shapes.
  const unlabeled = Array.isArray(root)
    ? root.map((item) => (isObject(item) && "x" in item ? { x: item["x"], y: 0 } : item))
    : isObject(root) && Array.isArray(root["features"])
      ? { features: root["features"], labels: root["features"].map(() => 0) }
      : root;
  return parseJsonDataset(JSON.stringify(unlabeled), file, false);
}

function readInput(path: string): string {
  // Fetched here, not imported, so that the API bundles for a web page.
  const { readFileSync } = process.getBuiltinModule("node:fs");
  try {
    return readFileSync(path, "utf8");
  } catch {
    throw new UserError(`${path}: cannot read: no such file`, undefined, "DL301");
  }
}

function prediction(output: Float32Array, classes: string[] | undefined): Prediction {
  if (output.length < 2) return { output };
  let best = 0;
  for (let i = 1; i < output.length; i++) if (output[i]! > output[best]!) best = i;
  return { output, label: `${classes?.[best] ?? best}` };
}
