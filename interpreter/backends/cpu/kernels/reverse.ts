// y[b, t] = x[b, time-1-t] over x [batch, time, …]: the time reversal of Keras Bidirectional's
// backward copy. Its own inverse, so it is also its gradient; honours `accumulate`.
import type { CpuKernel } from "../kernel.ts";
import { boolAttr } from "../../shared/attrs.ts";

export const reverseTimeKernel: CpuKernel = {
  run([x], [y], attrs) {
    const [batch, time] = x!.shape as [number, number];
    const xs = x!.data;
    const ys = y!.data;
    if (x!.shape.length < 2 || xs.length !== ys.length) throw new Error(`reverse_time: [${x!.shape}] into [${y!.shape}]`);
    const step = xs.length / (batch * time);
    const accumulate = boolAttr(attrs, "accumulate");
    for (let b = 0; b < batch; b++) {
      for (let t = 0; t < time; t++) {
        const from = (b * time + time - 1 - t) * step;
        const to = (b * time + t) * step;
        for (let j = 0; j < step; j++) ys[to + j] = accumulate ? ys[to + j]! + xs[from + j]! : xs[from + j]!;
      }
    }
  },
};
