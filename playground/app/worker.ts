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
} from "../../interpreter/api.ts";
import type { Results, RunRequest, Sample, WorkerMessage } from "./protocol.ts";
import { browserData } from "./worker-data.ts";

const post = (message: WorkerMessage) => postMessage(message);

/** How many test inputs the page shows with their predictions. */
const SAMPLES = 8;

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
      const splits = await splitsFor(program, train.data, train.model);
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
      await fit(runtime, splits.train, splits.validation, train, {
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
      const splits = await splitsFor(program, step.data, step.model);
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

const prepared = new Map<string, ReturnType<typeof fitToInput<Awaited<ReturnType<typeof browserData>>["splits"]>>>();

/** A data block prepared for a model's input, once per run. */
async function splitsFor(program: CheckedProgram, data: string, model: string) {
  const key = `${data}→${model}`;
  let splits = prepared.get(key);
  if (!splits) {
    const { splits: loaded } = await browserData(program.data.get(data)!);
    splits = fitToInput(loaded, program.models.get(model)!.inputShape, data);
    prepared.set(key, splits);
  }
  return splits;
}

/** For a classifier (a crossentropy loss): the confusion matrix and a few predictions on its test split, else validation, else training data. */
async function classify(
  runtime: ModelRuntime,
  program: CheckedProgram,
  last: { model: string; data: string },
): Promise<Results | undefined> {
  if (!runtime.loss.name.includes("crossentropy")) return undefined;
  const splits = await splitsFor(program, last.data, last.model);
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
    const row = outputs.subarray(i * width, (i + 1) * width);
    const [predicted, confidence] = width === 1 ? (row[0]! >= 0.5 ? [1, row[0]!] : [0, 1 - row[0]!]) : argmax(row);
    const actual = trueClass(part, i);
    confusion[actual]![predicted]!++;
    if (samples.length < SAMPLES) {
      samples.push({
        features: [...part.features.subarray(i * featureSize, (i + 1) * featureSize)],
        featureShape: part.featureShape,
        label: classes[actual]!,
        predicted: classes[predicted]!,
        confidence,
      });
    }
  }
  return { model: last.model, split: `${last.data}.${splitName}`, classes, confusion, samples };
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
