// sum / mean over one axis (`axis`, negative counts from the end) or, without it, over all
// values. The input is read as [outer, axis, inner]; the output holds outer*inner values.
import type { CpuKernel } from "../kernel.ts";
import { numberAttr } from "../../shared/attrs.ts";

function reduceKernel(name: string, divide: boolean): CpuKernel {
  return {
    run([x], [y], attrs) {
      const shape = x!.shape;
      const xs = x!.data;
      const rawAxis = attrs.axis === undefined ? null : numberAttr(attrs, "axis", 0);
      const axis = rawAxis === null ? null : rawAxis < 0 ? shape.length + rawAxis : rawAxis;
      const length = axis === null ? xs.length : (shape[axis] ?? NaN);
      let inner = 1;
      if (axis !== null) for (let d = axis + 1; d < shape.length; d++) inner *= shape[d]!;
      const outer = xs.length / (length * inner);
      if (!Number.isInteger(outer) || y!.data.length !== outer * inner) {
        throw new Error(`${name}: cannot reduce [${shape}] over axis ${rawAxis} into [${y!.shape}]`);
      }
      const scale = divide ? 1 / length : 1;
      for (let o = 0; o < outer; o++) {
        for (let i = 0; i < inner; i++) {
          let sum = 0;
          for (let r = 0; r < length; r++) sum += xs[(o * length + r) * inner + i]!;
          y!.data[o * inner + i] = sum * scale;
        }
      }
    },
  };
}

export const reduceKernels = { sum: reduceKernel("sum", false), mean: reduceKernel("mean", true) };
