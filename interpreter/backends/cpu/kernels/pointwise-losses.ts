// Losses that average a per-element term l(p, t) over every element (Keras averages over
// the last axis, then over the batch: the same mean). Forward: [y_pred, y_true] -> [loss]
// (a scalar); gradient `<name>_grad`: [y_pred, y_true, dloss] -> dy_pred = dloss * l'(p)/N,
// honouring `accumulate`. `delta` is huber's threshold.
import type { CpuKernel } from "../kernel.ts";
import { boolAttr, numberAttr } from "../../shared/attrs.ts";
import { sigmoid } from "./math.ts";

const EPSILON = 1e-7; // Keras backend.epsilon(), the probability clip

type Term = (p: number, t: number, delta: number) => number;

function clipProbability(p: number): number {
  return Math.min(Math.max(p, EPSILON), 1 - EPSILON);
}

function insideClip(p: number): boolean {
  return p >= EPSILON && p <= 1 - EPSILON;
}

const losses = {
  mse: [(p, t) => (p - t) ** 2, (p, t) => 2 * (p - t)],
  // d|e|/de = 0 at e = 0, as TF and PyTorch.
  mae: [(p, t) => Math.abs(p - t), (p, t) => Math.sign(p - t)],
  huber: [
    (p, t, delta) => {
      const e = Math.abs(p - t);
      return e <= delta ? 0.5 * e * e : delta * e - 0.5 * delta * delta;
    },
    (p, t, delta) => {
      const e = p - t;
      return Math.abs(e) <= delta ? e : delta * Math.sign(e);
    },
  ],
  // The clip has zero gradient outside [eps, 1 - eps].
  bce: [
    (p, t) => {
      const q = clipProbability(p);
      return -(t * Math.log(q) + (1 - t) * Math.log(1 - q));
    },
    (p, t) => (insideClip(p) ? -t / p + (1 - t) / (1 - p) : 0),
  ],
  bce_logits: [(x, t) => Math.max(x, 0) - x * t + Math.log1p(Math.exp(-Math.abs(x))), (x, t) => sigmoid(x) - t],
} satisfies Record<string, [Term, Term]>;

function checkShapes(name: string, pred: Float32Array, truth: Float32Array): void {
  if (pred.length !== truth.length) throw new Error(`${name}: y_pred has ${pred.length} values, y_true ${truth.length}`);
}

function lossKernel(name: string, term: Term): CpuKernel {
  return {
    run([pred, truth], [loss], attrs) {
      const ps = pred!.data;
      const ts = truth!.data;
      checkShapes(name, ps, ts);
      const delta = numberAttr(attrs, "delta", 1);
      let sum = 0;
      for (let i = 0; i < ps.length; i++) sum += term(ps[i]!, ts[i]!, delta);
      loss!.data[0] = sum / ps.length;
    },
  };
}

function lossGradKernel(name: string, derivative: Term): CpuKernel {
  return {
    run([pred, truth, dloss], [dpred], attrs) {
      const ps = pred!.data;
      const ts = truth!.data;
      const ds = dpred!.data;
      checkShapes(name, ps, ts);
      const delta = numberAttr(attrs, "delta", 1);
      const scale = dloss!.data[0]! / ps.length;
      const accumulate = boolAttr(attrs, "accumulate");
      for (let i = 0; i < ps.length; i++) {
        const value = scale * derivative(ps[i]!, ts[i]!, delta);
        ds[i] = accumulate ? ds[i]! + value : value;
      }
    },
  };
}

/** The loss kernel `name` and its gradient kernel `<name>_grad`, by kernel name. */
function lossKernels<N extends keyof typeof losses>(name: N): Record<N | `${N}_grad`, CpuKernel> {
  const [term, derivative] = losses[name];
  return { [name]: lossKernel(name, term), [`${name}_grad`]: lossGradKernel(name, derivative) } as Record<N | `${N}_grad`, CpuKernel>;
}

export const pointwiseLossKernels = {
  ...lossKernels("mse"),
  ...lossKernels("mae"),
  ...lossKernels("huber"),
  ...lossKernels("bce"),
  ...lossKernels("bce_logits"),
};
