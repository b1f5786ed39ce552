// Runs a checked program's workflow in order: train, evaluate, save. Every problem that
// comes up while running (data, divergence, weights) becomes a diagnostic on its statement.
import { dirname, resolve as resolvePath } from "node:path";
import { DiagnosticError, error, type Diagnostic } from "../diagnostics/diagnostic.ts";
import { formatDl } from "../editors/prettier/format.ts";
import type { Program, Span } from "../grammar/ast.ts";
import { DataError } from "../stdlib/datasets/data-error.ts";
import type { Backend } from "./backends/backend.ts";
import type { CheckedProgram, CheckedTrain } from "./check/checked.ts";
import { fitToInput, pickSplit, prepareData, type PreparedData, type Split } from "./runtime/data.ts";
import { TrainingDiverged, WeightsMismatch } from "./runtime/errors.ts";
import { evaluate, type Logs } from "./runtime/evaluate.ts";
import { fit, type FitReporter } from "./runtime/fit.ts";
import { ModelRuntime, unrunnableLayers } from "./runtime/model-runtime.ts";
import { saveWeights } from "./runtime/weights.ts";

export interface RunReporter extends FitReporter {
  trainBegin?(train: CheckedTrain, counts: { train: number; validation: number }, backend: string): void;
  evaluated?(model: string, data: string, split: Split, count: number, logs: Logs): void;
  saved?(model: string, path: string): void;
}

export interface RunOptions {
  backend: Backend;
  /** Overrides every `epochs` setting (`dl run --epochs 1`). */
  epochs?: number;
  reporter?: RunReporter;
}

export interface LoadedProgram {
  file: string;
  source: string;
  program: Program;
  checked: CheckedProgram;
}

export async function runProgram(loaded: LoadedProgram, options: RunOptions): Promise<void> {
  const { checked } = loaded;
  const reporter = options.reporter ?? {};
  const runtimes = new Map<string, ModelRuntime>();
  const prepared = new Map<string, PreparedData>();
  /** The data each model was last trained on: `save` stores its preprocessing and class names. */
  const trainedOn = new Map<string, PreparedData>();

  // Data problems point at the data block's `source` line.
  const data = (name: string, model: string): PreparedData =>
    atStatement(checked.data.get(name)!.source.span, () => {
      const key = `${name}→${model}`;
      let found = prepared.get(key);
      if (!found) {
        const data = prepareData(checked.data.get(name)!, loaded.file);
        found = { ...data, splits: fitToInput(data.splits, checked.models.get(model)!.inputShape, name) };
        prepared.set(key, found);
      }
      return found;
    });

  for (const step of checked.workflow) {
    if (step.type === "train") {
      const { train } = step;
      const model = checked.models.get(train.model)!;
      refuseUnrunnable(model.name, unrunnableLayers(model), options.backend.name);
      const prepared_ = data(train.data, train.model);
      trainedOn.set(model.name, prepared_);
      const { splits } = prepared_;
      let runtime = runtimes.get(model.name);
      if (!runtime) {
        runtime = new ModelRuntime(options.backend, model, train.loss, train.seed);
        runtimes.set(model.name, runtime);
      }
      const epochs = options.epochs ?? train.epochs;
      reporter.trainBegin?.({ ...train, epochs }, { train: splits.train.count, validation: splits.validation?.count ?? 0 }, options.backend.describe());
      await atStatementAsync(train.span, () => fit(runtime, splits.train, splits.validation, { ...train, epochs }, reporter));
    } else if (step.type === "evaluate") {
      const runtime = runtimes.get(step.model)!;
      const ds = data(step.data, step.model);
      const part = atStatement(step.span, () => pickSplit(ds.splits, step.split, step.data));
      const train = checked.workflow.find((s) => s.type === "train" && s.train.model === step.model);
      const metrics = train?.type === "train" ? train.train.metrics : [];
      const logs = await atStatementAsync(step.span, () => evaluate(runtime, part, { batch: 32, metrics }));
      reporter.evaluated?.(step.model, step.data, step.split, part.count, logs);
    } else {
      const runtime = runtimes.get(step.model)!;
      // Like `source` paths, relative to the .dl file.
      const path = resolvePath(dirname(loaded.file), step.path);
      const source = await modelSource(loaded, step.model);
      const { splits, preprocess } = trainedOn.get(step.model)!;
      const classes = splits.train.classes;
      await atStatementAsync(step.span, () => saveWeights(runtime, path, { model: step.model, source, loss: runtime.loss, preprocess, ...(classes ? { classes } : {}) }));
      reporter.saved?.(step.model, path);
    }
  }
}

/** The model with the constants and blocks it may use, as a program of its own. */
export async function modelSource(loaded: LoadedProgram, model: string): Promise<string> {
  const parts = loaded.program.body
    .filter((s) => s.type === "Let" || s.type === "Block" || (s.type === "Model" && s.name.name === model))
    .map((s) => loaded.source.slice(s.span.start.offset, s.span.end.offset));
  return formatDl(parts.join("\n\n") + "\n");
}

function refuseUnrunnable(model: string, layers: ReturnType<typeof unrunnableLayers>, backend: string): void {
  const [first, ...rest] = layers;
  if (!first) return;
  throw new DiagnosticError(
    error("DL304", `layer \`${first.spec.kind}\` of model \`${model}\` cannot run on the ${backend} backend yet`, first.span, {
      label: "checked, but not runnable yet",
      hints: [
        rest.length ? `also not runnable: ${[...new Set(rest.map((l) => l.spec.kind))].join(", ")}` : "`dl check` still checks it and prints its summary",
      ],
    }),
  );
}

function atStatement<T>(span: Span, body: () => T): T {
  try {
    return body();
  } catch (e) {
    throw asDiagnostic(e, span);
  }
}

async function atStatementAsync<T>(span: Span, body: () => Promise<T>): Promise<T> {
  try {
    return await body();
  } catch (e) {
    throw asDiagnostic(e, span);
  }
}

function asDiagnostic(e: unknown, span: Span): unknown {
  const diagnostic = (d: Diagnostic) => new DiagnosticError(d);
  if (e instanceof DataError) return diagnostic(error("DL301", e.message, span, { hints: e.hint ? [e.hint] : [] }));
  if (e instanceof WeightsMismatch) return diagnostic(error("DL302", e.message, span, { hints: [e.hint] }));
  if (e instanceof TrainingDiverged) {
    return diagnostic(
      error("DL303", `training diverged: ${e.message}`, span, { hints: ["lower the learning rate (e.g. `lr=0.0001`), or clip gradients with `clipnorm=1.0`"] }),
    );
  }
  return e;
}
