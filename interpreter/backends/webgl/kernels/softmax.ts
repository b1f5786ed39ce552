// softmax and log_softmax over the last axis, stable by each row's max, and their gradients
// from the saved output y (cpu/kernels/softmax.ts), honouring `accumulate`:
//   softmax_grad:     dx = y * (dy - sum(dy * y))
//   log_softmax_grad: dx = dy - exp(y) * sum(dy)
// Row statistics (max, sum of exponentials, dot) come from rows.ts.
import { boolAttr, lastDim } from "../../shared/attrs.ts";
import type { ProgramThis, WebglKernel } from "../program.ts";
import { release, rowMax, rowSum, ROW_TERM } from "./rows.ts";
import { quotient } from "../quotient.ts";

function softmaxSource(this: ProgramThis<"log" | "n">, x: number[], max: number[], sum: number[]): number {
  const i = this.thread.x;
  const row = quotient(i, this.constants.n);
  if (this.constants.log === 1) return x[i]! - (max[row]! + Math.log(sum[row]!));
  return Math.exp(x[i]! - max[row]!) / sum[row]!;
}

function softmaxGradSource(this: ProgramThis<"accumulate" | "log" | "n">, dx: number[], y: number[], dy: number[], dot: number[]): number {
  const i = this.thread.x;
  const row = quotient(i, this.constants.n);
  let value = y[i]! * (dy[i]! - dot[row]!);
  if (this.constants.log === 1) value = dy[i]! - Math.exp(y[i]!) * dot[row]!;
  if (this.constants.accumulate === 1) return dx[i]! + value;
  return value;
}

function softmaxForward(log: boolean): WebglKernel {
  return {
    run(programs, [x], [y]) {
      const n = lastDim(x!.shape);
      const max = rowMax(programs, x!, n);
      const sum = rowSum(programs, ROW_TERM.expShifted, n, x!, x!, max);
      const constants = { n, log: log ? 1 : 0 };
      programs.assign(y!, programs.launch({ name: "softmax", source: softmaxSource, size: y!.size, constants }, [x!, max, sum]));
      release(max, sum);
    },
  };
}

function softmaxBackward(log: boolean): WebglKernel {
  return {
    run(programs, [y, dy], [dx], attrs) {
      const n = lastDim(y!.shape);
      const dot = log ? rowSum(programs, ROW_TERM.value, n, dy!) : rowSum(programs, ROW_TERM.product, n, dy!, y!);
      const constants = { n, log: log ? 1 : 0, accumulate: boolAttr(attrs, "accumulate") ? 1 : 0 };
      programs.assign(
        dx!,
        programs.launch({ name: "softmax_grad", source: softmaxGradSource, size: dx!.size, constants }, [dx!, y!, dy!, dot]),
      );
      release(dot);
    },
  };
}

export const softmaxKernels = {
  softmax: softmaxForward(false),
  softmax_grad: softmaxBackward(false),
  log_softmax: softmaxForward(true),
  log_softmax_grad: softmaxBackward(true),
};
