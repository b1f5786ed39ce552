// A run's training history as files: JSON (every training with its settings and epochs) and CSV
// (one row per epoch, for a spreadsheet or pandas.read_csv). A row holds the loss and every metric,
// training and validation (`val_…`), the learning rate the epoch began with and its seconds; the
// epoch after which early stopping ended a training is marked.
import type { TrainingRecord } from "./run-record.ts";

export function historyJson(trainings: readonly TrainingRecord[]): string {
  const json = trainings.map((t) => ({
    model: t.model,
    data: t.data,
    backend: t.backend,
    started: t.started,
    settings: t.settings,
    counts: t.counts,
    early_stopping_epoch: t.stopped?.epoch ?? null,
    learning_rate_changes: t.learningRateChanges,
    epochs: t.epochs.map((e) => ({ epoch: e.epoch, ...e.logs, learning_rate: e.learningRate ?? null, seconds: e.seconds })),
  }));
  return JSON.stringify({ trainings: json }, null, 2) + "\n";
}

export function historyCsv(trainings: readonly TrainingRecord[]): string {
  const keys = [...new Set(trainings.flatMap((t) => t.epochs.flatMap((e) => Object.keys(e.logs))))];
  // Training values first, then validation ones, each in the order the run reported them.
  const logKeys = [...keys.filter((k) => !k.startsWith("val_")), ...keys.filter((k) => k.startsWith("val_"))];
  const header = ["training", "model", "epoch", ...logKeys, "learning_rate", "seconds", "early_stopping"];
  const rows = trainings.flatMap((t, i) =>
    t.epochs.map((e) =>
      [
        String(i + 1),
        t.model,
        String(e.epoch),
        ...logKeys.map((k) => (e.logs[k] === undefined ? "" : String(e.logs[k]))),
        e.learningRate === undefined ? "" : String(e.learningRate),
        e.seconds.toFixed(3),
        t.stopped?.epoch === e.epoch ? "stopped" : "",
      ].join(","),
    ),
  );
  return [header.join(","), ...rows].join("\n") + "\n";
}
