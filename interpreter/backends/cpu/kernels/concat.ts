// concat_last: y[..., offset_i : offset_i + w_i] = x_i along the last axis.
// slice_last: dx = dy[..., offset : offset + width] (its gradient), honouring `accumulate`.
import type { CpuKernel } from "../kernel.ts";
import { boolAttr, numberAttr } from "../../shared/attrs.ts";

export const concatLast: CpuKernel = {
  run(inputs, [out]) {
    const width = out!.shape.at(-1)!;
    const rows = out!.data.length / width;
    let offset = 0;
    for (const x of inputs) {
      const w = x.shape.at(-1)!;
      if (x.data.length !== rows * w) throw new Error(`concat_last: [${x.shape}] does not fit [${out!.shape}]`);
      for (let r = 0; r < rows; r++) out!.data.set(x.data.subarray(r * w, (r + 1) * w), r * width + offset);
      offset += w;
    }
    if (offset !== width) throw new Error(`concat_last: inputs are ${offset} wide, the output ${width}`);
  },
};

export const sliceLast: CpuKernel = {
  run([dy], [dx], attrs) {
    const offset = numberAttr(attrs, "offset", 0);
    const width = dx!.shape.at(-1)!;
    const full = dy!.shape.at(-1)!;
    const rows = dx!.data.length / width;
    const accumulate = boolAttr(attrs, "accumulate");
    for (let r = 0; r < rows; r++) {
      for (let j = 0; j < width; j++) {
        const value = dy!.data[r * full + offset + j]!;
        dx!.data[r * width + j] = accumulate ? dx!.data[r * width + j]! + value : value;
      }
    }
  },
};
