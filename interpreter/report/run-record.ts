// What a run did, collected as it runs: a RunReporter that keeps every training's settings and
// per-epoch logs (with the learning rate each epoch ran at), early stops, learning-rate changes,
// evaluations (with a classifier's confusion matrix and some misclassified images), and saves.
// The history files and the HTML report are written from it.
import type { CheckedTrain } from "../check/checked.ts";
import type { Logs } from "../runtime/evaluate.ts";
import type { EvaluatedOutputs, RunReporter } from "../run.ts";
import { confusionMatrix, type Confusion } from "./confusion.ts";
import { encodePng, pngDataUrl } from "./png.ts";

export interface EpochRecord {
  epoch: number;
  /** Training loss and metrics, and the validation ones as `val_…`. */
  logs: Logs;
  /** The learning rate the epoch began with; absent when the optimizer's is not a plain number. */
  learningRate?: number;
  seconds: number;
}

export interface TrainingRecord {
  model: string;
  data: string;
  /** The settings the training ran with, command-line overrides applied. */
  settings: Pick<CheckedTrain, "optimizer" | "loss" | "schedule" | "earlyStopping" | "metrics" | "epochs" | "batch" | "seed" | "shuffle">;
  counts: { train: number; validation: number };
  backend: string;
  /** ISO time the training began. */
  started: string;
  epochs: EpochRecord[];
  /** The epoch after which early stopping ended training, and what it said. */
  stopped?: { epoch: number; message: string };
  learningRateChanges: { epoch: number; previous: number; current: number; by: string }[];
}

export interface MisclassifiedImage {
  /** A PNG `data:` URL. */
  image: string;
  truth: string;
  predicted: string;
  /** The example's index in the evaluated split. */
  index: number;
}

export interface EvaluationRecord {
  model: string;
  data: string;
  split: string;
  count: number;
  logs: Logs;
  confusion?: Confusion;
  misclassified?: MisclassifiedImage[];
}

export interface RunRecord {
  trainings: TrainingRecord[];
  evaluations: EvaluationRecord[];
  saved: { model: string; path: string }[];
}

/** How many misclassified examples a report shows. */
const MISCLASSIFIED_SHOWN = 32;

export class RunRecorder {
  readonly record: RunRecord = { trainings: [], evaluations: [], saved: [] };
  private rate: number | undefined;

  /** The hooks to pass to runProgram (beside the console's, see teeReporters). */
  readonly reporter: RunReporter = {
    trainBegin: (train, counts, backend) => {
      const { optimizer, loss, schedule, earlyStopping, metrics, epochs, batch, seed, shuffle } = train;
      const learningRate = optimizer.config["learning_rate"];
      this.rate = typeof learningRate === "number" ? learningRate : undefined;
      this.record.trainings.push({
        model: train.model,
        data: train.data,
        settings: {
          optimizer,
          loss,
          metrics,
          epochs,
          batch,
          seed,
          shuffle,
          ...(schedule ? { schedule } : {}),
          ...(earlyStopping ? { earlyStopping } : {}),
        },
        counts,
        backend,
        started: new Date().toISOString(),
        epochs: [],
        learningRateChanges: [],
      });
    },
    epochEnd: (epoch, _epochs, logs, seconds) => {
      this.current().epochs.push({ epoch, logs: { ...logs }, seconds, ...(this.rate !== undefined ? { learningRate: this.rate } : {}) });
    },
    learningRateChanged: (epoch, previous, current, by) => {
      this.current().learningRateChanges.push({ epoch, previous, current, by });
      this.rate = current;
    },
    stopped: (message, epoch) => {
      this.current().stopped = { epoch, message };
    },
    evaluated: (model, data, split, count, logs) => {
      this.record.evaluations.push({ model, data, split, count, logs: { ...logs } });
    },
    evaluatedOutputs: (evaluation) => {
      const record = this.record.evaluations.at(-1)!;
      const { dataset, outputs, loss, classes } = evaluation;
      const confusion = confusionMatrix(loss, outputs, dataset.labels, dataset.count, classes);
      if (!confusion) return;
      record.confusion = confusion;
      const misclassified = misclassifiedImages(evaluation, confusion);
      if (misclassified) record.misclassified = misclassified;
    },
    saved: (model, path) => {
      this.record.saved.push({ model, path });
    },
  };

  private current(): TrainingRecord {
    return this.record.trainings.at(-1)!;
  }
}

/** The first misclassified examples as pictures, when an example is an image: (h, w) or (h, w, 1 or 3). */
function misclassifiedImages(evaluation: EvaluatedOutputs, confusion: Confusion): MisclassifiedImage[] | undefined {
  const [height, width, channels = 1] = evaluation.exampleShape;
  const isImage = evaluation.exampleShape.length >= 2 && evaluation.exampleShape.length <= 3 && (channels === 1 || channels === 3);
  if (!isImage || height! < 2 || width! < 2) return undefined;
  const size = height! * width! * channels;
  const shown: MisclassifiedImage[] = [];
  for (let i = 0; i < evaluation.dataset.count && shown.length < MISCLASSIFIED_SHOWN; i++) {
    const truth = confusion.truth[i]!;
    const predicted = confusion.predicted[i]!;
    if (truth === predicted) continue;
    const values = evaluation.dataset.features.subarray(i * size, (i + 1) * size);
    const png = encodePng(toBytes(values), width!, height!, channels as 1 | 3);
    shown.push({ image: pngDataUrl(png), truth: confusion.classes[truth]!, predicted: confusion.classes[predicted]!, index: i });
  }
  return shown;
}

/** Preprocessed values stretched to 0..255, whatever scaling or standardizing they went through. */
function toBytes(values: Float32Array): Uint8Array {
  let low = Infinity;
  let high = -Infinity;
  for (const v of values) {
    low = Math.min(low, v);
    high = Math.max(high, v);
  }
  const range = high - low || 1;
  return Uint8Array.from(values, (v) => Math.round((255 * (v - low)) / range));
}
