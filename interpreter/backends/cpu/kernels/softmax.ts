// softmax and log_softmax over the last axis, stable by subtracting each row's max, and
// their gradients from the saved output y:
//   softmax_grad:     dx = y * (dy - sum(dy * y))
//   log_softmax_grad: dx = dy - exp(y) * sum(dy)
// Gradient kernels take [y, dy] and honour `accumulate`.
import type { CpuKernel } from "../kernel.ts";
import { boolAttr, lastDim } from "../../shared/attrs.ts";

function rowMax(xs: Float32Array, start: number, n: number): number {
  let max = -Infinity;
  for (let j = 0; j < n; j++) max = Math.max(max, xs[start + j]!);
  return max;
}

function softmaxForward(log: boolean): CpuKernel {
  return {
    run([x], [y]) {
      const xs = x!.data;
      const ys = y!.data;
      const n = lastDim(x!.shape);
      for (let start = 0; start < xs.length; start += n) {
        const max = rowMax(xs, start, n);
        let sum = 0;
        for (let j = 0; j < n; j++) sum += Math.exp(xs[start + j]! - max);
        if (log) {
          const logSum = max + Math.log(sum);
          for (let j = 0; j < n; j++) ys[start + j] = xs[start + j]! - logSum;
        } else {
          for (let j = 0; j < n; j++) ys[start + j] = Math.exp(xs[start + j]! - max) / sum;
        }
      }
    },
  };
}

function softmaxBackward(log: boolean): CpuKernel {
  return {
    run([y, dy], [dx], attrs) {
      const ys = y!.data;
      const dys = dy!.data;
      const dxs = dx!.data;
      const n = lastDim(y!.shape);
      const accumulate = boolAttr(attrs, "accumulate");
      for (let start = 0; start < ys.length; start += n) {
        let dot = 0;
        for (let j = 0; j < n; j++) dot += log ? dys[start + j]! : dys[start + j]! * ys[start + j]!;
        for (let j = 0; j < n; j++) {
          const i = start + j;
          const value = log ? dys[i]! - Math.exp(ys[i]!) * dot : ys[i]! * (dys[i]! - dot);
          dxs[i] = accumulate ? dxs[i]! + value : value;
        }
      }
    },
  };
}

export const softmaxKernels = {
  softmax: softmaxForward(false),
  softmax_grad: softmaxBackward(false),
  log_softmax: softmaxForward(true),
  log_softmax_grad: softmaxBackward(true),
};
