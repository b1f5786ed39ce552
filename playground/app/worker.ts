// Runs a program in a Web Worker, so the page stays responsive while it trains: its `train` and
// `evaluate` statements in order, as `dl run` does, reporting every epoch; then the confusion
// matrix and a few predictions of the last model trained. Stop terminates the worker.
import {
  build,
  check,
  DiagnosticError,
  evaluate,
  fit,
  fitToInput,
  hasErrors,
  loadBackend,
  parse,
  predict,
  type Backend,
  type CheckedProgram,
  type Dataset,
  type ModelRuntime,
  type PreparedData,
} from "../../interpreter/api.ts";
import type { Plane, Results, RunRequest, Sample, WorkerMessage } from "./protocol.ts";
import { browserData } from "./worker-data.ts";

const post = (message: WorkerMessage) => postMessage(message);

/** How many test inputs the page shows with their predictions. */
const SAMPLES = 8;
/** Cells per side of the plane a two-input classifier's decisions are drawn on. */
const PLANE_SIZE = 60;
/** How often a long epoch reports its progress, in ms. */
const STEP_REPORT_MS = 250;

onmessage = async ({ data }: MessageEvent<RunRequest>) => {
  const started = performance.now();
  try {
    await run(data);
    post({ type: "done", seconds: (performance.now() - started) / 1000 });
  } catch (error) {
    if (error instanceof DiagnosticError) post({ type: "failed", message: error.message, diagnostic: error.diagnostic });
    else post({ type: "failed", message: error instanceof Error ? error.message : String(error) });
  }
};

interface Trained {
  runtime: ModelRuntime;
  metrics: readonly string[];
  data: string;
}

async function run({ source, backend: backendName }: RunRequest): Promise<void> {
  const parsed = parse(source);
  const checked = check(parsed.program, hasErrors(parsed.diagnostics));
  const firstError = [...parsed.diagnostics, ...checked.diagnostics].find((d) => d.severity === "error");
  if (firstError) throw new DiagnosticError(firstError);
  const program = checked.program;
  const backend = await loadBackend(backendName);
  post({ type: "backend", describe: backend.describe() });

  const trained = new Map<string, Trained>();
  let last: { model: string; data: string } | undefined;
  for (const step of program.workflow) {
    if (step.type === "train") {
      const { train } = step;
      const { splits } = await prepare(program, train.data, train.model);
      post({
        type: "trainBegin",
        model: train.model,
        data: train.data,
        epochs: train.epochs,
        train: splits.train.count,
        validation: splits.validation?.count ?? 0,
      });
      // A second `train` of the same model continues from its weights, as in `dl run`.
      const runtime = trained.get(train.model)?.runtime ?? (await newRuntime(program, train, backend));
      trained.set(train.model, { runtime, metrics: train.metrics, data: train.data });
      let epoch = 0;
      let reported = performance.now();
      await fit(runtime, splits.train, splits.validation, train, {
        epochBegin: (current) => (epoch = current),
        batchEnd: (step, steps, logs) => {
          if (performance.now() - reported < STEP_REPORT_MS) return;
          reported = performance.now();
          post({ type: "step", epoch, epochs: train.epochs, step, steps, logs: { ...logs } });
        },
        epochEnd: (epoch, epochs, logs, seconds) => post({ type: "epoch", model: train.model, epoch, epochs, logs: { ...logs }, seconds }),
        stopped: (message) => post({ type: "note", text: message }),
      });
      last = { model: train.model, data: train.data };
    } else if (step.type === "evaluate") {
      const state = trained.get(step.model);
      if (!state) {
        post({ type: "note", text: `evaluate ${step.model}: skipped, the playground evaluates only models it trained` });
        continue;
      }
      const { splits } = await prepare(program, step.data, step.model);
      const part = step.split === "all" ? splits.all : splits[step.split];
      if (!part) throw new Error(`data \`${step.data}\` has no ${step.split} split`);
      const logs = await evaluate(state.runtime, part, { batch: 32, metrics: state.metrics });
      post({ type: "evaluated", model: step.model, data: `${step.data}.${step.split}`, count: part.count, logs: { ...logs } });
    } else {
      post({ type: "note", text: `${step.type} "${step.path}": skipped, the playground has no files` });
    }
  }
  if (last) {
    const results = await classify(trained.get(last.model)!.runtime, program, last);
    if (results) post({ type: "results", results });
  }
}

function newRuntime(program: CheckedProgram, train: { model: string; loss: ModelRuntime["loss"]; seed: number }, backend: Backend) {
  return build(program.models.get(train.model)!, { backend, loss: train.loss, seed: train.seed });
}

interface Prepared {
  splits: PreparedData["splits"];
  /** One example's shape as its source gives it (28×28 for a digit), before the model's input reshapes it. */
  exampleShape: number[];
}

const prepared = new Map<string, Prepared>();

/** A data block prepared for a model's input, once per run. */
async function prepare(program: CheckedProgram, data: string, model: string): Promise<Prepared> {
  const key = `${data}→${model}`;
  let found = prepared.get(key);
  if (!found) {
    const { splits } = await browserData(program.data.get(data)!);
    found = { splits: fitToInput(splits, program.models.get(model)!.inputShape, data), exampleShape: splits.train.featureShape };
    prepared.set(key, found);
  }
  return found;
}

/** For a classifier (a crossentropy loss): the confusion matrix and a few predictions on its test split, else validation, else training data. */
async function classify(
  runtime: ModelRuntime,
  program: CheckedProgram,
  last: { model: string; data: string },
): Promise<Results | undefined> {
  if (!runtime.loss.name.includes("crossentropy")) return undefined;
  const { splits, exampleShape } = await prepare(program, last.data, last.model);
  const [splitName, part] = splits.test
    ? ["test", splits.test]
    : splits.validation
      ? ["validation", splits.validation]
      : ["train", splits.train];
  const outputs = await predict(runtime, part);
  const width = outputs.length / part.count;
  const classCount = width === 1 ? 2 : width;
  const classes = part.classes ?? Array.from({ length: classCount }, (_, i) => String(i));
  const confusion = classes.map(() => classes.map(() => 0));
  const samples: Sample[] = [];
  const featureSize = part.features.length / part.count;
  for (let i = 0; i < part.count; i++) {
    const [predicted, confidence] = decide(rowOf(outputs, i, part.count));
    const actual = trueClass(part, i);
    confusion[actual]![predicted]!++;
    if (samples.length < SAMPLES) {
      samples.push({
        features: [...part.features.subarray(i * featureSize, (i + 1) * featureSize)],
        featureShape: exampleShape,
        label: classes[actual]!,
        predicted: classes[predicted]!,
        confidence,
      });
    }
  }
  const plane = featureSize === 2 ? await decisionPlane(runtime, part, outputs, (i) => trueClass(part, i)) : undefined;
  return { model: last.model, split: `${last.data}.${splitName}`, classes, confusion, samples, ...(plane ? { plane } : {}) };
}

/** The class of every cell of a grid around the examples, and each example's true and predicted class. */
async function decisionPlane(runtime: ModelRuntime, part: Dataset, outputs: Float32Array, actual: (i: number) => number): Promise<Plane> {
  const range = (axis: number): [number, number] => {
    const values = part.features.filter((_, i) => i % 2 === axis);
    const [low, high] = [Math.min(...values), Math.max(...values)];
    const margin = 0.1 * (high - low || 1);
    return [low - margin, high + margin];
  };
  const x = range(0);
  const y = range(1);
  const features = new Float32Array(2 * PLANE_SIZE * PLANE_SIZE);
  for (let row = 0; row < PLANE_SIZE; row++) {
    for (let column = 0; column < PLANE_SIZE; column++) {
      const cell = 2 * (row * PLANE_SIZE + column);
      features[cell] = x[0] + ((column + 0.5) / PLANE_SIZE) * (x[1] - x[0]);
      features[cell + 1] = y[1] - ((row + 0.5) / PLANE_SIZE) * (y[1] - y[0]);
    }
  }
  const count = PLANE_SIZE * PLANE_SIZE;
  const grid = await predict(runtime, { ...part, features, labels: new Float32Array(count), labelShape: [], count });
  return {
    points: Array.from({ length: part.count }, (_, i) => [
      part.features[2 * i]!,
      part.features[2 * i + 1]!,
      actual(i),
      decide(rowOf(outputs, i, part.count))[0],
    ]),
    x,
    y,
    grid: Array.from({ length: count }, (_, i) => decide(rowOf(grid, i, count))[0]),
    size: PLANE_SIZE,
  };
}

/** The class a model's output row stands for, with its probability: argmax, or a sigmoid against 0.5. */
function decide(row: Float32Array): [number, number] {
  if (row.length > 1) return argmax(row);
  return row[0]! >= 0.5 ? [1, row[0]!] : [0, 1 - row[0]!];
}

/** Example i's row of a batch of outputs. */
function rowOf(outputs: Float32Array, i: number, count: number): Float32Array {
  const width = outputs.length / count;
  return outputs.subarray(i * width, (i + 1) * width);
}

/** A class index label, a one-hot row, or a 0/1 target. */
function trueClass(ds: Dataset, i: number): number {
  const size = ds.labels.length / ds.count;
  return size === 1 ? Math.round(ds.labels[i]!) : argmax(ds.labels.subarray(i * size, (i + 1) * size))[0];
}

function argmax(values: Float32Array): [number, number] {
  let best = 0;
  for (let i = 1; i < values.length; i++) if (values[i]! > values[best]!) best = i;
  return [best, values[best]!];
}
