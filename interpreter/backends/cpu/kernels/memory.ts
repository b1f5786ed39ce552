// Data movement: copy (flat, so it also reshapes), fill with a constant, scale by alpha.
// copy and scale honour `accumulate`.
import type { CpuKernel } from "../kernel.ts";
import { boolAttr, numberAttr } from "../../shared/attrs.ts";

function sameSize(name: string, a: { data: Float32Array }, b: { data: Float32Array }): void {
  if (a.data.length !== b.data.length) throw new Error(`${name}: ${a.data.length} values into ${b.data.length}`);
}

export const copyKernel: CpuKernel = {
  run([x], [y], attrs) {
    sameSize("copy", x!, y!);
    if (!boolAttr(attrs, "accumulate")) return y!.data.set(x!.data);
    const xs = x!.data;
    const ys = y!.data;
    for (let i = 0; i < ys.length; i++) ys[i] = ys[i]! + xs[i]!;
  },
};

export const fillKernel: CpuKernel = {
  run(_inputs, [y], attrs) {
    y!.data.fill(numberAttr(attrs, "value", 0));
  },
};

export const scaleKernel: CpuKernel = {
  run([x], [y], attrs) {
    sameSize("scale", x!, y!);
    const alpha = numberAttr(attrs, "alpha", 1);
    const accumulate = boolAttr(attrs, "accumulate");
    const xs = x!.data;
    const ys = y!.data;
    for (let i = 0; i < ys.length; i++) ys[i] = accumulate ? ys[i]! + alpha * xs[i]! : alpha * xs[i]!;
  },
};
