// Factories for elementwise kernels. A unary forward kernel maps x -> y; its gradient kernel
// `<name>_grad` takes [x, y, dy] and writes dx = dy * f'(x) (some derivatives are cheaper
// from y). Gradient kernels honour `accumulate` (add into dx instead of overwriting), which
// is how autograd sums the gradients of a value used twice.
import type { CpuKernel } from "../kernel.ts";
import { boolAttr, numberAttr } from "../../shared/attrs.ts";

/** `alpha` is the activation's one hyper-parameter (slope, elu alpha), 0 when it has none. */
export type UnaryFn = (x: number, alpha: number) => number;
export type UnaryGradFn = (x: number, y: number, alpha: number) => number;

function unaryKernel(f: UnaryFn): CpuKernel {
  return {
    run([x], [y], attrs) {
      const alpha = numberAttr(attrs, "alpha", 0);
      const xs = x!.data;
      const ys = y!.data;
      for (let i = 0; i < ys.length; i++) ys[i] = f(xs[i]!, alpha);
    },
  };
}

function unaryGradKernel(df: UnaryGradFn): CpuKernel {
  return {
    run([x, y, dy], [dx], attrs) {
      const alpha = numberAttr(attrs, "alpha", 0);
      const xs = x!.data;
      const ys = y!.data;
      const dys = dy!.data;
      const dxs = dx!.data;
      if (boolAttr(attrs, "accumulate")) {
        for (let i = 0; i < dxs.length; i++) dxs[i] = dxs[i]! + dys[i]! * df(xs[i]!, ys[i]!, alpha);
      } else {
        for (let i = 0; i < dxs.length; i++) dxs[i] = dys[i]! * df(xs[i]!, ys[i]!, alpha);
      }
    },
  };
}

/** An activation's kernel `name` and its gradient kernel `<name>_grad`, by kernel name. */
export function unaryKernels<N extends string>(name: N, f: UnaryFn, df: UnaryGradFn): Record<N | `${N}_grad`, CpuKernel> {
  return { [name]: unaryKernel(f), [`${name}_grad`]: unaryGradKernel(df) } as Record<N | `${N}_grad`, CpuKernel>;
}
