// sum / mean over one axis (`axis`, negative from the end) or over all values, the input read
// as [outer, axis, inner] (cpu/kernels/reduce.ts); the axis is summed in two passes (chunks.ts).
import { numberAttr } from "../../shared/attrs.ts";
import { launchScratch, type ProgramThis, type WebglKernel } from "../program.ts";
import { chunksOf, finishSum } from "./chunks.ts";
import { quotient } from "../quotient.ts";

function reduceSource(this: ProgramThis<"chunk" | "chunks" | "inner" | "length">, x: number[]): number {
  const t = this.thread.x;
  const index = quotient(t, this.constants.chunks);
  const c = t - index * this.constants.chunks;
  const o = quotient(index, this.constants.inner);
  const i = index - o * this.constants.inner;
  let partial = 0;
  for (let q = 0; q < this.constants.chunk; q++) {
    const r = c * this.constants.chunk + q;
    if (r < this.constants.length) partial += x[(o * this.constants.length + r) * this.constants.inner + i]!;
  }
  return partial;
}

function reduceKernel(name: string, mean: boolean): WebglKernel {
  return {
    run(programs, [x], [y], attrs) {
      const shape = x!.shape;
      const rawAxis = attrs.axis === undefined ? null : numberAttr(attrs, "axis", 0);
      const axis = rawAxis === null ? null : rawAxis < 0 ? shape.length + rawAxis : rawAxis;
      const length = axis === null ? x!.size : (shape[axis] ?? NaN);
      let inner = 1;
      if (axis !== null) for (let d = axis + 1; d < shape.length; d++) inner *= shape[d]!;
      const outer = x!.size / (length * inner);
      if (!Number.isInteger(outer) || y!.size !== outer * inner) {
        throw new Error(`${name}: cannot reduce [${shape}] over axis ${rawAxis} into [${y!.shape}]`);
      }
      const chunks = chunksOf(length);
      const partials = launchScratch(
        programs,
        { name: "reduce", source: reduceSource, size: y!.size * chunks.chunks, constants: { length, inner, ...chunks } },
        [x!],
      );
      programs.assign(y!, finishSum(programs, partials, y!.size, chunks.chunks, { scale: mean ? 1 / length : 1 }));
    },
  };
}

export const reduceKernels = { sum: reduceKernel("sum", false), mean: reduceKernel("mean", true) };
