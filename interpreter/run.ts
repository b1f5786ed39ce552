// Runs a checked program's workflow in order: train, evaluate, save, load. Every problem that
// comes up while running (data, divergence, weights) becomes a diagnostic on its statement.
import { DiagnosticError, error, type Diagnostic } from "../diagnostics/diagnostic.ts";
import type { Program, Span } from "../grammar/ast.ts";
import { formatDl } from "../grammar/format/format.ts";
import { DataError } from "../stdlib/datasets/data-error.ts";
import { WriteError } from "../stdlib/files.ts";
import { BackendOutOfMemoryError, InputValueError, type Backend } from "./backends/backend.ts";
import type { CheckedModel, CheckedProgram, CheckedTrain } from "./check/checked.ts";
import { fitToInput, pickSplit, prepareData, type FeatureStep, type PreparedData, type Split } from "./runtime/data.ts";
import { BadWeightsFile, TrainingDiverged, WeightsMismatch } from "./runtime/errors.ts";
import type { Dataset } from "../stdlib/datasets/dataset.ts";
import { evaluate, predict, type Logs } from "./runtime/evaluate.ts";
import { readNewestCheckpoint, removeInterruptedWrites } from "./runtime/checkpoint.ts";
import { fit, type FitControl, type FitReporter } from "./runtime/fit.ts";
import { ModelRuntime } from "./runtime/model-runtime.ts";
import { refuseUnrunnable } from "./runtime/unrunnable.ts";
import { validationClassesWarning } from "./runtime/validation-classes.ts";
import { programFile } from "./runtime/workflow-files.ts";
import { architectureHash, loadWeights, readWeightsMetadata, saveWeights } from "./runtime/weights.ts";

export interface RunReporter extends FitReporter {
  trainBegin?(train: CheckedTrain, counts: { train: number; validation: number }, backend: string): void;
  evaluated?(model: string, data: string, split: Split, count: number, logs: Logs): void;
  saved?(model: string, path: string): void;
  loaded?(model: string, path: string): void;
  /** `resume`: training continues from this checkpoint, after `step` steps of epoch `epoch + 1`. */
  resumed?(path: string, epoch: number, step: number): void;
  /** `resume` found no checkpoint in the folder, so training starts from the beginning. */
  noCheckpoint?(folder: string): void;
  /**
   * The model's outputs for every example of an evaluated split, after `evaluated`; only a reporter that
   * asks for them costs the extra forward pass (a run report's confusion matrix and misclassified examples).
   */
  evaluatedOutputs?(evaluation: EvaluatedOutputs): void;
  /** A warning that needs the data (DL307), before the first training step. */
  warning?(diagnostic: Diagnostic): void;
}

export interface EvaluatedOutputs {
  model: string;
  data: string;
  split: Split;
  dataset: Dataset;
  /** Row-major [count, ...output shape]. */
  outputs: Float32Array;
  loss: string;
  classes?: string[];
  /** One example's shape as its source gives it, before it was fitted to the model's input: (28, 28) for MNIST. */
  exampleShape: number[];
}

export interface RunOptions {
  backend: Backend;
  /** Overrides every `epochs` setting (`dl run --epochs 1`). */
  epochs?: number;
  /** Overrides every `batch` setting (`dl run --batch 64`). */
  batch?: number;
  /** Overrides every `seed` setting (`dl run --seed 7`): initial weights, shuffling and dropout. */
  seed?: number;
  reporter?: RunReporter;
  /** Continue each `train` that has a `checkpoint` setting from its newest checkpoint (`dl run --resume`). */
  resume?: boolean;
  /** Aborting it (Ctrl-C) stops training after the current step, with a checkpoint when the run keeps them: TrainingInterrupted. */
  signal?: AbortSignal;
}

export interface LoadedProgram {
  file: string;
  source: string;
  program: Program;
  checked: CheckedProgram;
}

/** A model once trained or loaded: its weights, and what `evaluate` and `save` need to know. */
interface ModelState {
  runtime: ModelRuntime;
  metrics: readonly string[];
  preprocess: FeatureStep[];
  classes?: string[];
  /** The training data's label column, when its source names one. */
  label?: string;
}

export async function runProgram(loaded: LoadedProgram, options: RunOptions): Promise<void> {
  const { checked } = loaded;
  const reporter = options.reporter ?? {};
  const models = new Map<string, ModelState>();
  const prepared = new Map<string, PreparedData>();
  const warnedData = new Set<string>();
  const exampleShapes = new Map<string, number[]>();
  // Paths in a .dl file are relative to the file, like `source` paths. node:path is fetched
  // here, not imported, so that the API bundles for a web page.
  const { dirname, resolve: resolvePath } = process.getBuiltinModule("node:path");
  const pathOf = (path: string) => resolvePath(dirname(loaded.file), path);

  // Data problems point at the data block's `source` line.
  const data = (name: string, model: string): PreparedData =>
    atStatement(checked.data.get(name)!.source.span, () => {
      const key = `${name}→${model}`;
      let found = prepared.get(key);
      if (!found) {
        const loadedData = prepareData(checked.data.get(name)!, loaded.file);
        exampleShapes.set(key, loadedData.splits.train.featureShape);
        found = { ...loadedData, splits: fitToInput(loadedData.splits, checked.models.get(model)!.inputShape, name) };
        prepared.set(key, found);
      }
      return found;
    });

  for (const step of checked.workflow) {
    if (step.type === "train") {
      const { train } = step;
      const model = checked.models.get(train.model)!;
      const optimizer = { ...train.optimizer, span: train.spans.optimizer };
      refuseUnrunnable({ model, loss: train.loss, lossSpan: train.spans.loss, needs: "training", optimizer }, options.backend);
      const { splits, preprocess } = data(train.data, train.model);
      const dataBlock = checked.data.get(train.data)!;
      if (splits.validation && !warnedData.has(train.data)) {
        warnedData.add(train.data);
        const span = dataBlock.validationSpan ?? dataBlock.source.span;
        const warning = validationClassesWarning(splits.train, splits.validation, train.data, span);
        if (warning) reporter.warning?.(warning);
      }
      // A second `train` of the same model continues from its current weights, as Keras' fit does.
      const settings = {
        ...train,
        epochs: options.epochs ?? train.epochs,
        batch: options.batch ?? train.batch,
        seed: options.seed ?? train.seed,
      };
      const runtime =
        models.get(model.name)?.runtime ??
        atStatement(train.span, () => new ModelRuntime(options.backend, model, train.loss, settings.seed));
      models.set(model.name, {
        runtime,
        metrics: train.metrics,
        preprocess,
        ...(splits.train.classes ? { classes: splits.train.classes } : {}),
        ...labelColumn(checked.data.get(train.data)!.source.config),
      });
      reporter.trainBegin?.(settings, { train: splits.train.count, validation: splits.validation?.count ?? 0 }, options.backend.describe());
      const control = checkpointControl(train, settings, model, splits.train.count, pathOf, options, reporter);
      await atStatementAsync(train.span, () => fit(runtime, splits.train, splits.validation, settings, reporter, control));
    } else if (step.type === "evaluate") {
      const state = models.get(step.model)!;
      refuseUnrunnable({ model: state.runtime.model, loss: state.runtime.loss, lossSpan: step.span, needs: "forward" }, options.backend);
      const part = atStatement(step.span, () => pickSplit(data(step.data, step.model).splits, step.split, step.data));
      const logs = await atStatementAsync(step.span, () => evaluate(state.runtime, part, { batch: 32, metrics: state.metrics }));
      reporter.evaluated?.(step.model, step.data, step.split, part.count, logs);
      if (reporter.evaluatedOutputs) {
        const outputs = await atStatementAsync(step.span, () => predict(state.runtime, part));
        const { model, data, split } = step;
        const exampleShape = exampleShapes.get(`${data}→${model}`)!;
        const classes = state.classes ? { classes: state.classes } : {};
        reporter.evaluatedOutputs({ model, data, split, dataset: part, outputs, loss: state.runtime.loss.name, exampleShape, ...classes });
      }
    } else if (step.type === "save") {
      const { runtime, metrics, preprocess, classes, label } = models.get(step.model)!;
      const path = pathOf(step.path);
      const overwritten = programFile(path, loaded.file, checked, resolvePath, dirname(loaded.file));
      if (overwritten) throw new DiagnosticError(error("DL502", `\`save\` would overwrite ${overwritten} with weights`, step.span));
      const source = await modelSource(loaded, step.model);
      await atStatementAsync(step.span, () =>
        saveWeights(runtime, path, {
          model: step.model,
          source,
          loss: runtime.loss,
          metrics: [...metrics],
          preprocess,
          ...(classes ? { classes } : {}),
          ...(label !== undefined ? { label } : {}),
        }),
      );
      reporter.saved?.(step.model, path);
    } else {
      const model = checked.models.get(step.model)!;
      const path = pathOf(step.path);
      const metadata = atStatement(step.span, () => readWeightsMetadata(path));
      refuseUnrunnable(
        { model, loss: models.get(model.name)?.runtime.loss ?? metadata.loss, lossSpan: step.span, needs: "forward" },
        options.backend,
      );
      const runtime = models.get(model.name)?.runtime ?? new ModelRuntime(options.backend, model, metadata.loss, 0);
      atStatement(step.span, () => loadWeights(runtime, path));
      models.set(model.name, {
        runtime,
        metrics: metadata.metrics,
        preprocess: metadata.preprocess,
        ...(metadata.classes ? { classes: metadata.classes } : {}),
        ...(metadata.label !== undefined ? { label: metadata.label } : {}),
      });
      reporter.loaded?.(step.model, path);
    }
  }
}

/** Where a `train`'s checkpoints go and, with `resume`, the newest one to continue from. */
function checkpointControl(
  train: CheckedTrain,
  settings: CheckedTrain,
  model: CheckedModel,
  count: number,
  pathOf: (path: string) => string,
  options: RunOptions,
  reporter: RunReporter,
): FitControl {
  const signal = options.signal ? { signal: options.signal } : {};
  if (!train.checkpoint) return signal;
  const { folder: written, every, keep, span } = train.checkpoint;
  const folder = pathOf(written);
  const fingerprint = trainingFingerprint(model, settings, count);
  const checkpoint = { folder, every, ...(keep !== undefined ? { keep } : {}), fingerprint };
  removeInterruptedWrites(folder);
  if (!options.resume) return { ...signal, checkpoint };
  const found = atStatement(span, () => readNewestCheckpoint(folder));
  if (!found) {
    reporter.noCheckpoint?.(folder);
    return { ...signal, checkpoint };
  }
  if (found.state.fingerprint !== fingerprint) {
    throw new DiagnosticError(
      error("DL503", `cannot resume from ${found.path}: it was written for another model or other training settings`, span, {
        hints: [
          "the model, the data's size, optimizer, loss, schedule, early stopping, metrics, batch, seed and shuffle must match; remove the folder to start over",
        ],
      }),
    );
  }
  reporter.resumed?.(found.path, found.state.epoch, found.state.step);
  return { ...signal, checkpoint, resume: found };
}

/** What a checkpoint must match to be continued: the architecture and every training setting but `epochs`. */
function trainingFingerprint(model: CheckedModel, train: CheckedTrain, count: number): string {
  const { optimizer, loss, schedule, earlyStopping, metrics, batch, seed, shuffle } = train;
  const { createHash } = process.getBuiltinModule("node:crypto");
  return createHash("sha256")
    .update(
      JSON.stringify([
        architectureHash(model),
        optimizer,
        loss,
        schedule ?? null,
        earlyStopping ?? null,
        metrics,
        batch,
        seed,
        shuffle,
        count,
      ]),
    )
    .digest("hex")
    .slice(0, 16);
}

/** The label column a source names (`source csv "f.csv" label=kind`), which `dl predict` leaves out of its inputs. */
function labelColumn(config: Readonly<Record<string, unknown>>): { label?: string } {
  const label = config["label"];
  return typeof label === "string" ? { label } : {};
}

/** The model with the constants and blocks it may use, as a program of its own. */
export async function modelSource(loaded: LoadedProgram, model: string): Promise<string> {
  const parts = loaded.program.body
    .filter((s) => s.type === "Let" || s.type === "Block" || (s.type === "Model" && s.name.name === model))
    .map((s) => loaded.source.slice(s.span.start.offset, s.span.end.offset));
  return formatDl(parts.join("\n\n") + "\n");
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
  if (e instanceof DataError) return new DiagnosticError(error("DL301", e.message, span, { hints: e.hint ? [e.hint] : [] }));
  if (e instanceof WeightsMismatch) return new DiagnosticError(error("DL302", e.message, span, { hints: [e.hint] }));
  if (e instanceof BadWeightsFile) return new DiagnosticError(error("DL501", e.message, span, { hints: [BadWeightsFile.hint] }));
  if (e instanceof InputValueError) {
    return new DiagnosticError(
      error("DL306", e.message, span, {
        hints: ["check the labels and token indices of the data against the model's last layer and embedding size"],
      }),
    );
  }
  if (e instanceof BackendOutOfMemoryError)
    return new DiagnosticError(error("DL304", e.message, span, { hints: ["make the model or the batch smaller; see docs/limits.md"] }));
  if (e instanceof WriteError)
    return new DiagnosticError(error("DL305", e.message, span, { hints: ["paths in a .dl file are relative to the file"] }));
  if (e instanceof TrainingDiverged) {
    return new DiagnosticError(
      error("DL303", `training diverged: ${e.message}`, span, {
        hints: ["lower the learning rate (e.g. `lr=0.0001`), or clip gradients with `clipnorm=1.0`"],
      }),
    );
  }
  return e;
}
