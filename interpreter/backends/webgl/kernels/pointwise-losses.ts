// Losses averaging a per-element term l(p, t) over every element, and their gradients
// dy_pred = dloss * l'(p, t) / N honouring `accumulate`; `delta` is huber's threshold
// (cpu/kernels/pointwise-losses.ts). The loss sums in two passes (chunks.ts).
import { boolAttr, numberAttr } from "../../shared/attrs.ts";
import { kernelPairs } from "../kernel-pairs.ts";
import { launchScratch, type ProgramThis, type WebglTensor } from "../program.ts";
import { chunksOf, finishSum } from "./chunks.ts";

const LOSSES = ["mse", "mae", "huber", "bce", "bce_logits"] as const;

/** The per-element term of loss `loss` (LOSSES index); bce clips p to [1e-7, 1 - 1e-7]. */
function lossTerm(loss: number, p: number, t: number, delta: number): number {
  const e = p - t;
  if (loss === 0) return e * e;
  if (loss === 1) return Math.abs(e);
  if (loss === 2) {
    if (Math.abs(e) <= delta) return 0.5 * e * e;
    return delta * Math.abs(e) - 0.5 * delta * delta;
  }
  if (loss === 3) {
    const q = Math.min(Math.max(p, 1e-7), 1 - 1e-7);
    return -(t * Math.log(q) + (1 - t) * Math.log(1 - q));
  }
  return Math.max(p, 0) - p * t + Math.log(1 + Math.exp(-Math.abs(p)));
}

/** d term / dp; zero outside bce's clip and at e = 0 for mae, as the CPU. */
function lossDerivative(loss: number, p: number, t: number, delta: number): number {
  const e = p - t;
  if (loss === 0) return 2 * e;
  if (loss === 1) return Math.sign(e);
  if (loss === 2) {
    if (Math.abs(e) <= delta) return e;
    return delta * Math.sign(e);
  }
  if (loss === 3) {
    if (p < 1e-7 || p > 1 - 1e-7) return 0;
    return -t / p + (1 - t) / (1 - p);
  }
  if (p >= 0) return 1 / (1 + Math.exp(-p)) - t;
  return Math.exp(p) / (1 + Math.exp(p)) - t;
}

function lossSource(this: ProgramThis<"chunk" | "loss" | "size">, pred: number[], truth: number[], delta: number): number {
  let partial = 0;
  for (let q = 0; q < this.constants.chunk; q++) {
    const i = this.thread.x * this.constants.chunk + q;
    if (i < this.constants.size) partial += lossTerm(this.constants.loss, pred[i]!, truth[i]!, delta);
  }
  return partial;
}

function lossGradSource(
  this: ProgramThis<"accumulate" | "loss" | "size">,
  out: number[],
  pred: number[],
  truth: number[],
  dloss: number[],
  delta: number,
): number {
  const i = this.thread.x;
  const value = (dloss[0]! / this.constants.size) * lossDerivative(this.constants.loss, pred[i]!, truth[i]!, delta);
  if (this.constants.accumulate === 1) return out[i]! + value;
  return value;
}

function checkShapes(name: string, pred: WebglTensor, truth: WebglTensor): void {
  if (pred.size !== truth.size) throw new Error(`${name}: y_pred has ${pred.size} values, y_true ${truth.size}`);
}

export const pointwiseLossKernels = kernelPairs(LOSSES, (name, loss) => [
  {
    run(programs, [pred, truth], [out], attrs) {
      checkShapes(name, pred!, truth!);
      const { chunk, chunks } = chunksOf(pred!.size);
      const spec = { name: "loss", source: lossSource, size: chunks, constants: { loss, size: pred!.size, chunk }, functions: [lossTerm] };
      const partials = launchScratch(programs, spec, [pred!, truth!, numberAttr(attrs, "delta", 1)]);
      programs.assign(out!, finishSum(programs, partials, 1, chunks, { scale: 1 / pred!.size }));
    },
  },
  {
    run(programs, [pred, truth, dloss], [dpred], attrs) {
      checkShapes(name, pred!, truth!);
      const constants = { loss, size: pred!.size, accumulate: boolAttr(attrs, "accumulate") ? 1 : 0 };
      const spec = { name: "loss_grad", source: lossGradSource, size: dpred!.size, constants, functions: [lossDerivative] };
      programs.assign(dpred!, programs.launch(spec, [dpred!, pred!, truth!, dloss!, numberAttr(attrs, "delta", 1)]));
    },
  },
]);
