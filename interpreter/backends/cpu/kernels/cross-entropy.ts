// Cross-entropy over the last axis, averaged over rows (Keras sum_over_batch_size).
// Forward: [y_pred, y_true] -> [loss]; gradient `<name>_grad`: [y_pred, y_true, dloss] ->
// dy_pred (honours `accumulate`). Dense targets are [rows, classes]; sparse ones are class
// indices [rows] stored as float32. Logit variants fuse a stable log_softmax (row max
// subtracted), so their gradient is softmax * sum(t) - t. Probability variants follow Keras:
//   cce:        q = clip(p / sum(p)), l = -sum(t log q)
//   sparse_cce: l = -log q_label + log sum(q), q = clip(p)   (TF backend)
// where clip is to [1e-7, 1 - 1e-7] with zero gradient outside.
import { InputValueError } from "../../backend.ts";
import type { CpuArray, CpuKernel } from "../kernel.ts";
import { boolAttr, lastDim } from "../../shared/attrs.ts";

const EPSILON = 1e-7;

interface Rows {
  readonly rows: number;
  readonly classes: number;
}

/** Row r's target weight of class j: t[r, j], or 1 for the labelled class when sparse. */
type Target = (truth: Float32Array, r: number, j: number, classes: number) => number;
type RowLoss = (p: Float32Array, start: number, truth: Float32Array, r: number, n: number) => number;
type RowGrad = (
  p: Float32Array,
  start: number,
  truth: Float32Array,
  r: number,
  n: number,
  scale: number,
  out: Float32Array,
  accumulate: boolean,
) => void;

const dense: Target = (truth, r, j, n) => truth[r * n + j]!;
const sparse: Target = (truth, r, j) => (truth[r] === j ? 1 : 0);

function rowsOf(name: string, pred: CpuArray, truth: CpuArray, isSparse: boolean): Rows {
  const classes = lastDim(pred.shape);
  const rows = pred.data.length / classes;
  const expected = isSparse ? rows : pred.data.length;
  if (truth.data.length !== expected) {
    throw new Error(`${name}: y_true [${truth.shape}] does not match y_pred [${pred.shape}]`);
  }
  return { rows, classes };
}

function checkLabels(name: string, labels: Float32Array, classes: number): void {
  for (const label of labels) {
    if (!Number.isInteger(label) || label < 0 || label >= classes) {
      throw new InputValueError(`label ${label} is not a class index in [0, ${classes})`);
    }
  }
}

function store(out: Float32Array, i: number, value: number, accumulate: boolean): void {
  out[i] = accumulate ? out[i]! + value : value;
}

function clip(q: number): number {
  return Math.min(Math.max(q, EPSILON), 1 - EPSILON);
}

function inside(q: number): boolean {
  return q >= EPSILON && q <= 1 - EPSILON;
}

function logSumExp(p: Float32Array, start: number, n: number): number {
  let max = -Infinity;
  for (let j = 0; j < n; j++) max = Math.max(max, p[start + j]!);
  let sum = 0;
  for (let j = 0; j < n; j++) sum += Math.exp(p[start + j]! - max);
  return max + Math.log(sum);
}

function fromLogits(target: Target): [RowLoss, RowGrad] {
  return [
    (p, start, truth, r, n) => {
      const lse = logSumExp(p, start, n);
      let loss = 0;
      for (let j = 0; j < n; j++) loss -= target(truth, r, j, n) * (p[start + j]! - lse);
      return loss;
    },
    (p, start, truth, r, n, scale, out, accumulate) => {
      const lse = logSumExp(p, start, n);
      let total = 0;
      for (let j = 0; j < n; j++) total += target(truth, r, j, n);
      for (let j = 0; j < n; j++) {
        const softmax = Math.exp(p[start + j]! - lse);
        store(out, start + j, scale * (softmax * total - target(truth, r, j, n)), accumulate);
      }
    },
  ];
}

function rowSum(p: Float32Array, start: number, n: number): number {
  let sum = 0;
  for (let j = 0; j < n; j++) sum += p[start + j]!;
  return sum;
}

function categoricalDlDq(q: number, t: number): number {
  return inside(q) ? -t / q : 0;
}

// dl/dq_j = -t_j / q_j where unclipped; q = p / S, so dl/dp_k = (g_k - sum_j g_j q_j) / S.
const categoricalProbabilities: [RowLoss, RowGrad] = [
  (p, start, truth, r, n) => {
    const sum = rowSum(p, start, n);
    let loss = 0;
    for (let j = 0; j < n; j++) {
      const t = dense(truth, r, j, n);
      if (t !== 0) loss -= t * Math.log(clip(p[start + j]! / sum));
    }
    return loss;
  },
  (p, start, truth, r, n, scale, out, accumulate) => {
    const sum = rowSum(p, start, n);
    let dot = 0;
    for (let j = 0; j < n; j++) dot += categoricalDlDq(p[start + j]! / sum, dense(truth, r, j, n)) * (p[start + j]! / sum);
    for (let j = 0; j < n; j++) {
      const g = categoricalDlDq(p[start + j]! / sum, dense(truth, r, j, n));
      store(out, start + j, (scale * (g - dot)) / sum, accumulate);
    }
  },
];

const sparseProbabilities: [RowLoss, RowGrad] = [
  (p, start, truth, r, n) => {
    let sum = 0;
    for (let j = 0; j < n; j++) sum += clip(p[start + j]!);
    return -Math.log(clip(p[start + truth[r]!]!)) + Math.log(sum);
  },
  (p, start, truth, r, n, scale, out, accumulate) => {
    let sum = 0;
    for (let j = 0; j < n; j++) sum += clip(p[start + j]!);
    for (let j = 0; j < n; j++) {
      const q = p[start + j]!;
      const d = inside(q) ? 1 / sum - (truth[r] === j ? 1 / q : 0) : 0;
      store(out, start + j, scale * d, accumulate);
    }
  },
];

/** The loss kernel `name` and its gradient kernel `<name>_grad`, by kernel name. */
function crossEntropyPair<N extends string>(
  name: N,
  isSparse: boolean,
  [rowLoss, rowGrad]: [RowLoss, RowGrad],
): Record<N | `${N}_grad`, CpuKernel> {
  const forward: CpuKernel = {
    run([pred, truth], [loss]) {
      const { rows, classes } = rowsOf(name, pred!, truth!, isSparse);
      if (isSparse) checkLabels(name, truth!.data, classes);
      let total = 0;
      for (let r = 0; r < rows; r++) total += rowLoss(pred!.data, r * classes, truth!.data, r, classes);
      loss!.data[0] = total / rows;
    },
  };
  const backward: CpuKernel = {
    run([pred, truth, dloss], [dpred], attrs) {
      const { rows, classes } = rowsOf(name, pred!, truth!, isSparse);
      const scale = dloss!.data[0]! / rows;
      const accumulate = boolAttr(attrs, "accumulate");
      for (let r = 0; r < rows; r++) {
        rowGrad(pred!.data, r * classes, truth!.data, r, classes, scale, dpred!.data, accumulate);
      }
    },
  };
  return { [name]: forward, [`${name}_grad`]: backward } as Record<N | `${N}_grad`, CpuKernel>;
}

export const crossEntropyKernels = {
  ...crossEntropyPair("cce", false, categoricalProbabilities),
  ...crossEntropyPair("cce_logits", false, fromLogits(dense)),
  ...crossEntropyPair("sparse_cce", true, sparseProbabilities),
  ...crossEntropyPair("sparse_cce_logits", true, fromLogits(sparse)),
};
