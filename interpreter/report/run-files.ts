// Writes what `dl run` leaves beside its results: the history of every training (always) and the
// HTML report (with --report). Each file is written whole or not at all.
//
// The history goes beside the weights a `save` wrote, named after them (mnist.safetensors →
// mnist.history.json and mnist.history.csv), and holds that model's trainings; the trainings of
// models that no `save` writes go beside the .dl file, named after it (prog.dl → prog.history.json).
// Named after the weights, not a plain history.json, so that programs saving into one folder keep
// their histories apart.
import { writeFileAtomic, WriteError } from "../../stdlib/files.ts";
import { UserError } from "../runtime/user-error.ts";
import { historyCsv, historyJson } from "./history.ts";
import type { RunRecord, TrainingRecord } from "./run-record.ts";
import { renderReport, type ReportInput } from "./report-html.ts";

/** Where each training's history goes: file paths without their extension, with the trainings they hold. */
export function historyPlaces(record: RunRecord, dlFile: string): Map<string, TrainingRecord[]> {
  const places = new Map<string, TrainingRecord[]>();
  const savedModels = new Set(record.saved.map((s) => s.model));
  for (const { model, path } of record.saved) {
    const trainings = record.trainings.filter((t) => t.model === model);
    if (trainings.length) places.set(withoutExtension(path), trainings);
  }
  const unsaved = record.trainings.filter((t) => !savedModels.has(t.model));
  if (unsaved.length) places.set(withoutExtension(dlFile), unsaved);
  return places;
}

/** Writes every history as .history.json and .history.csv; returns the paths written. */
export function writeHistoryFiles(record: RunRecord, dlFile: string): string[] {
  const written: string[] = [];
  for (const [stem, trainings] of historyPlaces(record, dlFile)) {
    for (const [path, text] of [
      [`${stem}.history.json`, historyJson(trainings)],
      [`${stem}.history.csv`, historyCsv(trainings)],
    ] as const) {
      write(path, text);
      written.push(path);
    }
  }
  return written;
}

export function writeReport(path: string, input: ReportInput): void {
  write(path, renderReport(input));
}

export function write(path: string, text: string): void {
  try {
    writeFileAtomic(path, text);
  } catch (e) {
    if (e instanceof WriteError) throw new UserError(e.message, "check the folder exists and can be written to", "DL305");
    throw e;
  }
}

function withoutExtension(path: string): string {
  return path.replace(/\.[^./\\]*$/, "");
}
