// What the checker hands on: a program whose names are resolved, values typed and
// shapes known. The summary prints it; the runtime builds from it.
import type { Span } from "../../grammar/ast.ts";
import type { Config } from "../../stdlib/spec.ts";
import type { AnyLayerSpec, WeightSpec, Shape } from "../../stdlib/layers/layer-spec.ts";

export interface CheckedLayer {
  type: "layer";
  /** Unique within the model, Keras style: dense, dense_1, … */
  name: string;
  spec: AnyLayerSpec;
  config: Config;
  /** The shape of its (first) input. */
  inputShape: Shape;
  outputShape: Shape;
  params: WeightSpec[];
  /** Named outputs it reads: `from x` (one), or the outputs an `add`/`concat` joins; empty: the line above. */
  inputs: string[];
  /** `as NAME`: the name later lines use for its output. */
  as?: string;
  span: Span;
}

/** `residual { … }`: the body's output plus its input. */
export interface CheckedResidual {
  type: "residual";
  name: string;
  body: CheckedNode[];
  inputShape: Shape;
  outputShape: Shape;
  span: Span;
}

export type CheckedNode = CheckedLayer | CheckedResidual;

export interface CheckedModel {
  name: string;
  inputShape: Shape;
  /** `input … as x`. */
  inputName?: string;
  outputShape: Shape;
  nodes: CheckedNode[];
  span: Span;
}

export interface CheckedData {
  name: string;
  source: { name: string; config: Config; span: Span };
  /** Preprocessing in the order written: scale, standardize, one_hot. */
  steps: { name: string; config: Config; span: Span }[];
  validation: number;
  /** The `validation` line, which a warning about the held-out classes points at. */
  validationSpan?: Span;
  /** `shuffle seed=N`: the seed of the one order drawn before the split; absent: the source's order. */
  shuffle?: number;
  span: Span;
}

export interface CheckedTrain {
  model: string;
  data: string;
  optimizer: { name: string; config: Config };
  loss: { name: string; config: Config };
  schedule?: { name: string; config: Config };
  earlyStopping?: Config;
  /** `checkpoint "DIR" every=N keep=K`: the folder as written (relative to the .dl file). */
  checkpoint?: { folder: string; every: number; keep?: number; span: Span };
  metrics: string[];
  epochs: number;
  batch: number;
  seed: number;
  shuffle: boolean;
  span: Span;
  /** The `loss` and `optimizer` lines (the whole statement for the default optimizer), for runtime diagnostics. */
  spans: { loss: Span; optimizer: Span };
}

export type WorkflowStep =
  | { type: "train"; train: CheckedTrain }
  | { type: "evaluate"; model: string; data: string; split: "test" | "validation" | "train" | "all"; span: Span }
  | { type: "save"; model: string; path: string; span: Span }
  | { type: "load"; model: string; path: string; span: Span };

export interface CheckedProgram {
  models: Map<string, CheckedModel>;
  data: Map<string, CheckedData>;
  workflow: WorkflowStep[];
}
