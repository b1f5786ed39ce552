// concat_last: y[..., offset_i : offset_i + w_i] = x_i along the last axis; slice_last: dx =
// dy[..., offset : offset + width] (its gradient), honouring `accumulate` (cpu/kernels/concat.ts).
// A program has a fixed number of arguments, so concat_last copies one input per launch,
// keeping the columns written so far.
import { boolAttr, numberAttr } from "../../shared/attrs.ts";
import type { GpuTexture, ProgramThis, WebglKernel, WebglTensor } from "../program.ts";
import { quotient } from "../quotient.ts";

/** Column `offset + j` of y from x's column j, the other columns from `previous`. */
function placeSource(this: ProgramThis<"offset" | "width" | "xWidth">, previous: number[], x: number[]): number {
  const t = this.thread.x;
  const row = quotient(t, this.constants.width);
  const j = t - row * this.constants.width - this.constants.offset;
  if (j < 0 || j >= this.constants.xWidth) return previous[t]!;
  return x[row * this.constants.xWidth + j]!;
}

function sliceSource(this: ProgramThis<"accumulate" | "full" | "offset" | "width">, dx: number[], dy: number[]): number {
  const t = this.thread.x;
  const row = quotient(t, this.constants.width);
  const j = t - row * this.constants.width;
  const value = dy[row * this.constants.full + this.constants.offset + j]!;
  if (this.constants.accumulate === 1) return dx[t]! + value;
  return value;
}

export const concatKernels: Record<"concat_last" | "slice_last", WebglKernel> = {
  concat_last: {
    run(programs, inputs, [out]) {
      const width = out!.shape.at(-1)!;
      const rows = out!.size / width;
      let offset = 0;
      let current: WebglTensor = out!;
      let texture: GpuTexture | undefined;
      for (const x of inputs) {
        const xWidth = x.shape.at(-1)!;
        if (x.size !== rows * xWidth) throw new Error(`concat_last: [${x.shape}] does not fit [${out!.shape}]`);
        const next = programs.launch({ name: "concat_last", source: placeSource, size: out!.size, constants: { width, xWidth, offset } }, [
          current,
          x,
        ]);
        texture?.delete();
        texture = next;
        current = { ...out!, texture: next };
        offset += xWidth;
      }
      if (offset !== width) throw new Error(`concat_last: inputs are ${offset} wide, the output ${width}`);
      if (texture) programs.assign(out!, texture);
    },
  },
  slice_last: {
    run(programs, [dy], [dx], attrs) {
      const width = dx!.shape.at(-1)!;
      const constants = {
        width,
        full: dy!.shape.at(-1)!,
        offset: numberAttr(attrs, "offset", 0),
        accumulate: boolAttr(attrs, "accumulate") ? 1 : 0,
      };
      programs.assign(dx!, programs.launch({ name: "slice_last", source: sliceSource, size: dx!.size, constants }, [dx!, dy!]));
    },
  },
};
