// The messages between the page and the worker that runs a program.
import type { Diagnostic } from "../../interpreter/api.ts";

export interface RunRequest {
  source: string;
  backend: string;
}

export type Logs = Record<string, number>;

/** One test input with what the model made of it. */
export interface Sample {
  features: number[];
  featureShape: number[];
  label: string;
  predicted: string;
  /** The model's probability for its prediction. */
  confidence: number;
}

/** For inputs of two numbers: the examples and the class the model gives each cell of a grid over them. */
export interface Plane {
  /** [x, y, true class, predicted class] per example. */
  points: [number, number, number, number][];
  /** The grid's x and y range. */
  x: [number, number];
  y: [number, number];
  /** Predicted classes, row by row from the top, `size` × `size`. */
  grid: number[];
  size: number;
}

export interface Results {
  model: string;
  /** The split the matrix and the samples come from, e.g. `spirals.validation`. */
  split: string;
  classes: string[];
  /** confusion[true][predicted], counts. */
  confusion: number[][];
  samples: Sample[];
  plane?: Plane;
}

export type WorkerMessage =
  | { type: "backend"; describe: string }
  | { type: "trainBegin"; model: string; data: string; epochs: number; train: number; validation: number }
  | { type: "epoch"; model: string; epoch: number; epochs: number; logs: Logs; seconds: number }
  /** Within an epoch, a few times a second: the running means so far. */
  | { type: "step"; epoch: number; epochs: number; step: number; steps: number; logs: Logs }
  | { type: "note"; text: string }
  | { type: "evaluated"; model: string; data: string; count: number; logs: Logs }
  | { type: "results"; results: Results }
  | { type: "done"; seconds: number }
  /** A problem on a statement (data, divergence) comes as a diagnostic; anything else as a message. */
  | { type: "failed"; message: string; diagnostic?: Diagnostic };
