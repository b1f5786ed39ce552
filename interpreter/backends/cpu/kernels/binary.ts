// out = a (op) b elementwise. `b` may be smaller than `a` when it matches a's trailing axes
// (a bias [n] against [batch, n], or a scalar): it is then repeated over the leading axes.
// `accumulate` adds into out. Writing in place (out = a) is safe.
import type { CpuKernel } from "../kernel.ts";
import { boolAttr } from "./attrs.ts";

type BinaryFn = (a: number, b: number) => number;

function binaryKernel(name: string, f: BinaryFn): CpuKernel {
  return {
    name,
    run([a, b], [out], attrs) {
      const as = a!.data;
      const bs = b!.data;
      const os = out!.data;
      if (as.length !== os.length || os.length % bs.length !== 0) {
        throw new Error(`${name}: cannot broadcast [${b!.shape}] against [${a!.shape}] into [${out!.shape}]`);
      }
      const accumulate = boolAttr(attrs, "accumulate");
      const n = bs.length;
      for (let start = 0; start < os.length; start += n) {
        for (let j = 0; j < n; j++) {
          const value = f(as[start + j]!, bs[j]!);
          os[start + j] = accumulate ? os[start + j]! + value : value;
        }
      }
    },
  };
}

export const binaryKernels: readonly CpuKernel[] = [
  binaryKernel("add", (a, b) => a + b),
  binaryKernel("sub", (a, b) => a - b),
  binaryKernel("mul", (a, b) => a * b),
  binaryKernel("div", (a, b) => a / b),
];
