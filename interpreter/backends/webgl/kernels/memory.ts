// Data movement: copy (flat, so it also reshapes), fill with a constant, scale by alpha
// (cpu/kernels/memory.ts). copy and scale honour `accumulate`.
import { boolAttr, numberAttr } from "../../shared/attrs.ts";
import type { GpuTexture, ProgramThis, Programs, WebglKernel, WebglTensor } from "../program.ts";

function fillSource(this: ProgramThis, value: number): number {
  return value;
}

/** A texture of `size` copies of `value`. */
export function fill(programs: Programs, size: number, value: number): GpuTexture {
  return programs.launch({ name: "fill", source: fillSource, size }, [value]);
}

/** y = alpha * x, or y + alpha * x when accumulating. */
function scaleSource(this: ProgramThis<"accumulate">, y: number[], x: number[], alpha: number): number {
  const i = this.thread.x;
  if (this.constants.accumulate === 1) return y[i]! + alpha * x[i]!;
  return alpha * x[i]!;
}

function sameSize(name: string, x: WebglTensor, y: WebglTensor): void {
  if (x.size !== y.size) throw new Error(`${name}: ${x.size} values into ${y.size}`);
}

function scaled(name: string, programs: Programs, x: WebglTensor, y: WebglTensor, alpha: number, accumulate: boolean): void {
  sameSize(name, x, y);
  const constants = { accumulate: accumulate ? 1 : 0 };
  programs.assign(y, programs.launch({ name: "scale", source: scaleSource, size: y.size, constants }, [y, x, alpha]));
}

export const copyKernel: WebglKernel = {
  run(programs, [x], [y], attrs) {
    scaled("copy", programs, x!, y!, 1, boolAttr(attrs, "accumulate"));
  },
};

export const fillKernel: WebglKernel = {
  run(programs, _inputs, [y], attrs) {
    programs.assign(y!, fill(programs, y!.size, numberAttr(attrs, "value", 0)));
  },
};

export const scaleKernel: WebglKernel = {
  run(programs, [x], [y], attrs) {
    scaled("scale", programs, x!, y!, numberAttr(attrs, "alpha", 1), boolAttr(attrs, "accumulate"));
  },
};
