// Zero padding and nearest-neighbour upsampling of NHWC (or NWC) images, and their gradients
// honouring `accumulate` (cpu/kernels/pad2d.ts and upsample2d.ts):
//   pad2d           y[n, i + top, j + left, c] = x[n, i, j, c], zeros around (`pad` [top, left])
//   pad2d_grad      dx = dy cropped back
//   upsample2d      y[n, i, j, c] = x[n, floor(i / sh), floor(j / sw), c] (`size` [sh, sw])
//   upsample2d_grad dx = the sum of each sh x sw block of dy
import type { KernelAttrs } from "../../backend.ts";
import { boolAttr } from "../../shared/attrs.ts";
import { imageDims, pairAttr } from "../../shared/conv-geometry.ts";
import type { ProgramThis, WebglKernel, WebglTensor } from "../program.ts";
import { quotient } from "../quotient.ts";

type Dims = "h" | "w" | "c" | "oh" | "ow" | "top" | "left";

/** The sizes of a small image x and a large image y (padded or upsampled), as program constants. */
function dims(kernel: string, small: WebglTensor, large: WebglTensor): Record<"h" | "w" | "c" | "oh" | "ow", number> {
  const [n, h, w, c] = imageDims(kernel, small.shape);
  const [yn, oh, ow, oc] = imageDims(kernel, large.shape);
  if (yn !== n || oc !== c) throw new Error(`${kernel}: [${small.shape}] and [${large.shape}] differ in batch or channels`);
  return { h, w, c, oh, ow };
}

function padSource(this: ProgramThis<"c" | "h" | "left" | "oh" | "ow" | "top" | "w">, x: number[]): number {
  const t = this.thread.x;
  const pixel = quotient(t, this.constants.c);
  const ch = t - pixel * this.constants.c;
  const rest = quotient(pixel, this.constants.ow);
  const j = pixel - rest * this.constants.ow - this.constants.left;
  const b = quotient(rest, this.constants.oh);
  const i = rest - b * this.constants.oh - this.constants.top;
  if (i < 0 || i >= this.constants.h || j < 0 || j >= this.constants.w) return 0;
  return x[((b * this.constants.h + i) * this.constants.w + j) * this.constants.c + ch]!;
}

function padGradSource(
  this: ProgramThis<"accumulate" | "c" | "h" | "left" | "oh" | "ow" | "top" | "w">,
  dx: number[],
  dy: number[],
): number {
  const t = this.thread.x;
  const pixel = quotient(t, this.constants.c);
  const ch = t - pixel * this.constants.c;
  const rest = quotient(pixel, this.constants.w);
  const j = pixel - rest * this.constants.w;
  const b = quotient(rest, this.constants.h);
  const i = rest - b * this.constants.h;
  const value =
    dy[((b * this.constants.oh + i + this.constants.top) * this.constants.ow + j + this.constants.left) * this.constants.c + ch]!;
  if (this.constants.accumulate === 1) return dx[t]! + value;
  return value;
}

function upsampleSource(this: ProgramThis<"c" | "h" | "oh" | "ow" | "sh" | "sw" | "w">, x: number[]): number {
  const t = this.thread.x;
  const pixel = quotient(t, this.constants.c);
  const ch = t - pixel * this.constants.c;
  const rest = quotient(pixel, this.constants.ow);
  const j = pixel - rest * this.constants.ow;
  const b = quotient(rest, this.constants.oh);
  const i = rest - b * this.constants.oh;
  const si = quotient(i, this.constants.sh);
  const sj = quotient(j, this.constants.sw);
  return x[((b * this.constants.h + si) * this.constants.w + sj) * this.constants.c + ch]!;
}

function upsampleGradSource(
  this: ProgramThis<"accumulate" | "c" | "h" | "oh" | "ow" | "sh" | "sw" | "w">,
  dx: number[],
  dy: number[],
): number {
  const t = this.thread.x;
  const pixel = quotient(t, this.constants.c);
  const ch = t - pixel * this.constants.c;
  const rest = quotient(pixel, this.constants.w);
  const j = pixel - rest * this.constants.w;
  const b = quotient(rest, this.constants.h);
  const i = rest - b * this.constants.h;
  let total = 0;
  for (let a = 0; a < this.constants.sh; a++) {
    for (let e = 0; e < this.constants.sw; e++) {
      total +=
        dy[((b * this.constants.oh + i * this.constants.sh + a) * this.constants.ow + j * this.constants.sw + e) * this.constants.c + ch]!;
    }
  }
  if (this.constants.accumulate === 1) return dx[t]! + total;
  return total;
}

function padConstants(kernel: string, x: WebglTensor, y: WebglTensor, pad: [number, number]): Record<Dims, number> {
  const sizes = dims(kernel, x, y);
  const [top, left] = pad;
  if (top + sizes.h > sizes.oh || left + sizes.w > sizes.ow)
    throw new Error(`${kernel}: [${x.shape}] does not fit in [${y.shape}] at [${top}, ${left}]`);
  return { ...sizes, top, left };
}

function upsampleConstants(
  kernel: string,
  x: WebglTensor,
  y: WebglTensor,
  [sh, sw]: [number, number],
): Record<"h" | "w" | "c" | "oh" | "ow" | "sh" | "sw", number> {
  const sizes = dims(kernel, x, y);
  if (sizes.oh !== sizes.h * sh || sizes.ow !== sizes.w * sw)
    throw new Error(`${kernel}: [${y.shape}] is not [${x.shape}] upsampled by [${sh}, ${sw}]`);
  return { ...sizes, sh, sw };
}

const accumulating = (attrs: KernelAttrs) => (boolAttr(attrs, "accumulate") ? 1 : 0);

export const resizeKernels: Record<"pad2d" | "pad2d_grad" | "upsample2d" | "upsample2d_grad", WebglKernel> = {
  pad2d: {
    run(programs, [x], [y], attrs) {
      const constants = padConstants("pad2d", x!, y!, pairAttr(attrs, "pad", 0));
      programs.assign(y!, programs.launch({ name: "pad2d", source: padSource, size: y!.size, constants }, [x!]));
    },
  },
  pad2d_grad: {
    run(programs, [dy], [dx], attrs) {
      const constants = { ...padConstants("pad2d_grad", dx!, dy!, pairAttr(attrs, "pad", 0)), accumulate: accumulating(attrs) };
      programs.assign(dx!, programs.launch({ name: "pad2d_grad", source: padGradSource, size: dx!.size, constants }, [dx!, dy!]));
    },
  },
  upsample2d: {
    run(programs, [x], [y], attrs) {
      const constants = upsampleConstants("upsample2d", x!, y!, pairAttr(attrs, "size", 2));
      programs.assign(y!, programs.launch({ name: "upsample2d", source: upsampleSource, size: y!.size, constants }, [x!]));
    },
  },
  upsample2d_grad: {
    run(programs, [dy], [dx], attrs) {
      const constants = { ...upsampleConstants("upsample2d_grad", dx!, dy!, pairAttr(attrs, "size", 2)), accumulate: accumulating(attrs) };
      programs.assign(dx!, programs.launch({ name: "upsample2d_grad", source: upsampleGradSource, size: dx!.size, constants }, [dx!, dy!]));
    },
  },
};
