// Checkpoints of a training run (`checkpoint "DIR" every=N keep=K` in `train`): everything the
// loop needs to continue as if it had never stopped, in one safetensors file written atomically
// per checkpoint. The tensors are the weights, the optimizer's slots (moments) and early
// stopping's best weights; `dl.checkpoint` holds the rest as JSON: the position (epochs done,
// steps into the next), the optimizer's step count and rate, the plateau schedule's and early
// stopping's counters, the generators of shuffling and dropout, and an epoch's running sums.
import { TEMP_SUFFIX } from "../../stdlib/files.ts";
import { readSafetensors, writeSafetensors, type StoredTensor } from "../../stdlib/safetensors.ts";
import type { RandomState } from "../autograd/random.ts";
import { BadWeightsFile } from "./errors.ts";
import { float32Values } from "./weights.ts";

export interface CheckpointSettings {
  /** The folder, resolved against the .dl file. */
  folder: string;
  /** Write one every this many epochs (and at the end, and on Ctrl-C). */
  every: number;
  /** Keep the newest this many; all when unset. */
  keep?: number;
}

export interface TrainingState {
  /** Epochs completed. */
  epoch: number;
  /** Steps completed of epoch `epoch + 1` (0 at an epoch's end). */
  step: number;
  /** Early stopping ended the run after `epoch`. */
  stopped: boolean;
  /** The learning rate epoch `epoch + 1` began with (for the change it reports). */
  rateBefore: number;
  iterations: number;
  /** The rate a plateau schedule set; a step schedule's follows from `iterations`. */
  learningRate?: number;
  /** The shuffling generator as epoch `epoch + 1` began, before it drew that epoch's order. */
  shuffle: RandomState;
  /** Dropout generators by training batch size. */
  dropout: Record<string, RandomState>;
  plateau?: number[];
  stopping?: { best: number; bestEpoch: number; wait: number };
  /** The running loss and metric sums of epoch `epoch + 1` so far (only when `step` > 0). */
  running?: { loss: number; seen: number; metrics: number[][] };
  /** What must match to resume: the architecture and the training settings. */
  fingerprint: string;
  weights: Map<string, Float32Array>;
  slots: Map<string, Float32Array>;
  bestWeights?: Map<string, Float32Array>;
}

const NAME = /^epoch-(\d{6,})(?:-step-(\d{6,}))?\.safetensors$/;

export function checkpointName(epoch: number, step: number): string {
  const pad = (n: number) => String(n).padStart(6, "0");
  return step > 0 ? `epoch-${pad(epoch)}-step-${pad(step)}.safetensors` : `epoch-${pad(epoch)}.safetensors`;
}

/** Writes a checkpoint atomically, then removes all but the newest `keep`. Returns its path. */
export function writeCheckpoint(settings: CheckpointSettings, state: TrainingState): string {
  const { join } = process.getBuiltinModule("node:path");
  const { mkdirSync, rmSync } = process.getBuiltinModule("node:fs");
  mkdirSync(settings.folder, { recursive: true });
  const tensors = new Map<string, StoredTensor>();
  const add = (prefix: string, values: Map<string, Float32Array>) => {
    for (const [name, data] of values) tensors.set(`${prefix}/${name}`, { shape: [data.length], data });
  };
  const { weights, slots, bestWeights, ...scalars } = state;
  add("weights", weights);
  add("optimizer", slots);
  if (bestWeights) add("best", bestWeights);
  const path = join(settings.folder, checkpointName(state.epoch, state.step));
  writeSafetensors(path, tensors, { format: "dl-checkpoint", "dl.checkpoint": JSON.stringify(scalars, finiteJson) });
  if (settings.keep !== undefined) {
    for (const old of listCheckpoints(settings.folder).slice(settings.keep)) rmSync(join(settings.folder, old.name), { force: true });
  }
  return path;
}

/** The checkpoints in `folder`, newest first. */
export function listCheckpoints(folder: string): { name: string; epoch: number; step: number }[] {
  const { readdirSync } = process.getBuiltinModule("node:fs");
  let names: string[];
  try {
    names = readdirSync(folder);
  } catch {
    return [];
  }
  return names
    .flatMap((name) => {
      const match = NAME.exec(name);
      return match ? [{ name, epoch: Number(match[1]), step: Number(match[2] ?? 0) }] : [];
    })
    .sort((a, b) => b.epoch - a.epoch || b.step - a.step);
}

/** The newest checkpoint in `folder`, validated, with its path; undefined when there is none. */
export function readNewestCheckpoint(folder: string): { path: string; state: TrainingState } | undefined {
  const { join } = process.getBuiltinModule("node:path");
  const newest = listCheckpoints(folder)[0];
  if (!newest) return undefined;
  const path = join(folder, newest.name);
  return { path, state: readCheckpoint(path) };
}

export function readCheckpoint(path: string): TrainingState {
  const { tensors, metadata } = readSafetensors(path);
  const field = "dl.checkpoint";
  if (metadata["format"] !== "dl-checkpoint" || metadata[field] === undefined)
    throw new BadWeightsFile(path, "format", "not a dl checkpoint");
  let scalars: unknown;
  try {
    scalars = JSON.parse(metadata[field], (_key, value: unknown) =>
      value === "Infinity" ? Infinity : value === "-Infinity" ? -Infinity : value,
    );
  } catch {
    throw new BadWeightsFile(path, field, "not JSON");
  }
  const problem = invalidScalars(scalars);
  if (problem) throw new BadWeightsFile(path, field, problem);
  const group = (prefix: string) => {
    const values = new Map<string, Float32Array>();
    for (const [name, tensor] of tensors)
      if (name.startsWith(`${prefix}/`)) values.set(name.slice(prefix.length + 1), float32Values(tensor, name, path));
    return values;
  };
  const best = group("best");
  return {
    ...(scalars as Omit<TrainingState, "weights" | "slots">),
    weights: group("weights"),
    slots: group("optimizer"),
    ...(best.size ? { bestWeights: best } : {}),
  };
}

/** Removes the temp files of a checkpoint write that was killed (the next write would reuse the name anyway). */
export function removeInterruptedWrites(folder: string): void {
  const { readdirSync, rmSync } = process.getBuiltinModule("node:fs");
  const { join } = process.getBuiltinModule("node:path");
  let names: string[] = [];
  try {
    names = readdirSync(folder);
  } catch {
    return;
  }
  for (const name of names) if (name.endsWith(TEMP_SUFFIX)) rmSync(join(folder, name), { force: true });
}

function finiteJson(_key: string, value: unknown): unknown {
  return typeof value === "number" && !Number.isFinite(value) ? String(value) : value;
}

/** Why the scalars are not a checkpoint's, or undefined. */
function invalidScalars(value: unknown): string | undefined {
  if (typeof value !== "object" || value === null) return "not an object";
  const v = value as Record<string, unknown>;
  const count = (x: unknown) => Number.isSafeInteger(x) && (x as number) >= 0;
  const numbers = (x: unknown) => Array.isArray(x) && x.every((n) => typeof n === "number" && !Number.isNaN(n));
  const random = (x: unknown): boolean => {
    if (typeof x !== "object" || x === null) return false;
    const r = x as Record<string, unknown>;
    return (
      Array.isArray(r["words"]) &&
      r["words"].length === 4 &&
      r["words"].every((w) => Number.isInteger(w)) &&
      (r["spare"] === null || typeof r["spare"] === "number") &&
      Array.isArray(r["forks"]) &&
      r["forks"].every(random)
    );
  };
  for (const key of ["epoch", "step", "iterations"]) if (!count(v[key])) return `\`${key}\` is not a whole number`;
  if (typeof v["stopped"] !== "boolean") return "`stopped` is not true or false";
  if (typeof v["fingerprint"] !== "string") return "`fingerprint` is not a string";
  if (typeof v["rateBefore"] !== "number" || !Number.isFinite(v["rateBefore"])) return "`rateBefore` is not a number";
  if (v["learningRate"] !== undefined && !(typeof v["learningRate"] === "number" && Number.isFinite(v["learningRate"])))
    return "`learningRate` is not a number";
  if (!random(v["shuffle"])) return "`shuffle` is not a generator's state";
  if (
    typeof v["dropout"] !== "object" ||
    v["dropout"] === null ||
    !Object.entries(v["dropout"]).every(([k, r]) => count(Number(k)) && random(r))
  )
    return "`dropout` is not a map of generator states";
  if (v["plateau"] !== undefined && !numbers(v["plateau"])) return "`plateau` is not a list of numbers";
  const stopping = v["stopping"] as Record<string, unknown> | undefined;
  if (
    stopping !== undefined &&
    !(
      typeof stopping === "object" &&
      stopping !== null &&
      typeof stopping["best"] === "number" &&
      count(stopping["bestEpoch"]) &&
      count(stopping["wait"])
    )
  )
    return "`stopping` is not early stopping's state";
  const running = v["running"] as Record<string, unknown> | undefined;
  if (
    running !== undefined &&
    !(
      typeof running === "object" &&
      running !== null &&
      typeof running["loss"] === "number" &&
      count(running["seen"]) &&
      Array.isArray(running["metrics"]) &&
      running["metrics"].every(numbers)
    )
  )
    return "`running` is not an epoch's running sums";
  return undefined;
}
