// Cross-entropy over the last axis, averaged over rows, and its gradient, honouring
// `accumulate` (cpu/kernels/cross-entropy.ts has the formulas and the Keras conventions).
// Sparse targets are class indices [rows] stored as float32. Each kernel first computes row
// statistics (rows.ts): the max and sum of exponentials of logits, the sum of probabilities,
// or the sum of clipped probabilities. A label that is not a class index makes the loss NaN
// (training then stops on a non-finite loss): naming it, as the CPU backend does, would need a
// read back in the middle of a step.
import { boolAttr, lastDim } from "../../shared/attrs.ts";
import { kernelPairs } from "../kernel-pairs.ts";
import type { Programs, ProgramThis, WebglKernel, WebglTensor } from "../program.ts";
import { launchScratch } from "../program.ts";
import { chunksOf, finishSum } from "./chunks.ts";
import { release, rowMax, rowSum, ROW_TERM } from "./rows.ts";
import { quotient } from "../quotient.ts";

const VARIANTS = { cce: 0, cce_logits: 1, sparse_cce: 2, sparse_cce_logits: 3 } as const;
type Variant = keyof typeof VARIANTS;

/**
 * Per row: `quantity` 0 the loss, 1 (cce only) sum_j t_j over unclipped q_j = p_j / S, the
 * dot of its gradient. `a`, `b` are the row statistics: max and sum of exp for logits, S for
 * cce, the clipped sum for sparse_cce.
 */
function rowSource(
  this: ProgramThis<"chunk" | "chunks" | "n" | "quantity" | "variant">,
  pred: number[],
  truth: number[],
  a: number[],
  b: number[],
  nan: number,
): number {
  const row = this.thread.x;
  const start = row * this.constants.n;
  const variant = this.constants.variant;
  if (variant >= 2) {
    const label = truth[row]!;
    if (label < 0 || label >= this.constants.n || Math.floor(label) !== label) return nan;
  }
  if (variant === 2) return -Math.log(Math.min(Math.max(pred[start + truth[row]!]!, 1e-7), 1 - 1e-7)) + Math.log(a[row]!);
  const lse = a[row]! + Math.log(b[row]!);
  if (variant === 3) return lse - pred[start + truth[row]!]!;
  let total = 0;
  for (let chunk = 0; chunk < this.constants.chunks; chunk++) {
    let partial = 0;
    for (let q = 0; q < this.constants.chunk; q++) {
      const j = chunk * this.constants.chunk + q;
      if (j < this.constants.n) {
        const t = truth[start + j]!;
        const p = pred[start + j]!;
        if (variant === 1) partial -= t * (p - lse);
        if (variant === 0 && t !== 0) {
          const ratio = p / a[row]!;
          if (this.constants.quantity === 0) partial -= t * Math.log(Math.min(Math.max(ratio, 1e-7), 1 - 1e-7));
          if (this.constants.quantity === 1 && ratio >= 1e-7 && ratio <= 1 - 1e-7) partial -= t;
        }
      }
    }
    total += partial;
  }
  return total;
}

/** dy_pred for element i; `a`, `b` as in rowSource, `c` the target total (cce_logits) or the dot (cce). */
function gradSource(
  this: ProgramThis<"accumulate" | "n" | "rows" | "variant">,
  out: number[],
  pred: number[],
  truth: number[],
  dloss: number[],
  a: number[],
  b: number[],
  c: number[],
): number {
  const i = this.thread.x;
  const row = quotient(i, this.constants.n);
  const j = i - row * this.constants.n;
  const scale = dloss[0]! / this.constants.rows;
  const p = pred[i]!;
  const variant = this.constants.variant;
  let value = 0;
  if (variant === 0) {
    const q = p / a[row]!;
    let g = 0;
    if (q >= 1e-7 && q <= 1 - 1e-7) g = -truth[i]! / q;
    value = (scale * (g - c[row]!)) / a[row]!;
  }
  if (variant === 1) value = scale * ((Math.exp(p - a[row]!) / b[row]!) * c[row]! - truth[i]!);
  if (variant === 2 && p >= 1e-7 && p <= 1 - 1e-7) {
    value = scale / a[row]!;
    if (truth[row] === j) value = scale * (1 / a[row]! - 1 / p);
  }
  if (variant === 3) {
    value = scale * (Math.exp(p - a[row]!) / b[row]!);
    if (truth[row] === j) value = scale * (Math.exp(p - a[row]!) / b[row]! - 1);
  }
  if (this.constants.accumulate === 1) return out[i]! + value;
  return value;
}

interface Rows {
  readonly rows: number;
  readonly classes: number;
}

function rowsOf(name: string, pred: WebglTensor, truth: WebglTensor, sparse: boolean): Rows {
  const classes = lastDim(pred.shape);
  const rows = pred.size / classes;
  if (truth.size !== (sparse ? rows : pred.size)) throw new Error(`${name}: y_true [${truth.shape}] does not match y_pred [${pred.shape}]`);
  return { rows, classes };
}

/** The row statistics `a`, `b` of rowSource for a variant (b is a when unused). */
function statistics(programs: Programs, variant: Variant, pred: WebglTensor, n: number): [WebglTensor, WebglTensor] {
  if (variant === "cce") return [rowSum(programs, ROW_TERM.value, n, pred), pred];
  if (variant === "sparse_cce") return [rowSum(programs, ROW_TERM.clipped, n, pred), pred];
  const max = rowMax(programs, pred, n);
  return [max, rowSum(programs, ROW_TERM.expShifted, n, pred, pred, max)];
}

function releaseStatistics(pred: WebglTensor, ...scratch: WebglTensor[]): void {
  release(...scratch.filter((tensor) => tensor !== pred));
}

function crossEntropyPair(name: Variant): [WebglKernel, WebglKernel] {
  const variant = VARIANTS[name];
  const sparse = name.startsWith("sparse");
  return [
    {
      run(programs, [pred, truth], [loss]) {
        const { rows, classes } = rowsOf(name, pred!, truth!, sparse);
        const [a, b] = statistics(programs, name, pred!, classes);
        const rowConstants = { n: classes, variant, quantity: 0, ...chunksOf(classes) };
        const perRow = launchScratch(programs, { name: "cross_entropy_rows", source: rowSource, size: rows, constants: rowConstants }, [
          pred!,
          truth!,
          a,
          b,
          NaN,
        ]);
        programs.assign(loss!, finishSum(programs, perRow, 1, rows, { scale: 1 / rows }));
        releaseStatistics(pred!, a, b);
      },
    },
    {
      run(programs, [pred, truth, dloss], [dpred], attrs) {
        const { rows, classes } = rowsOf(name, pred!, truth!, sparse);
        const [a, b] = statistics(programs, name, pred!, classes);
        let c = pred!;
        if (name === "cce_logits") c = rowSum(programs, ROW_TERM.value, classes, truth!);
        if (name === "cce") {
          const dotConstants = { n: classes, variant, quantity: 1, ...chunksOf(classes) };
          c = launchScratch(programs, { name: "cross_entropy_rows", source: rowSource, size: rows, constants: dotConstants }, [
            pred!,
            truth!,
            a,
            b,
            NaN,
          ]);
        }
        const constants = { n: classes, rows, variant, accumulate: boolAttr(attrs, "accumulate") ? 1 : 0 };
        const spec = { name: "cross_entropy_grad", source: gradSource, size: dpred!.size, constants };
        programs.assign(dpred!, programs.launch(spec, [dpred!, pred!, truth!, dloss!, a, b, c]));
        releaseStatistics(pred!, a, b, c);
      },
    },
  ];
}

export const crossEntropyKernels = kernelPairs(Object.keys(VARIANTS) as Variant[], crossEntropyPair);
