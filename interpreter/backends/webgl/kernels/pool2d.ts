// Windowed pooling over NHWC (or NWC) images, window `pool`, `strides`, `pad` [top, left]
// (cpu/kernels/pool2d.ts): maxpool2d (padding ignored, 0 for an empty window), avgpool2d (sum
// over the elements inside / their count), and the gradients maxpool2d_grad [x, dy] (dy to
// each window's first maximum) and avgpool2d_grad [dy] (dy / count to each element inside),
// honouring `accumulate`. Gradient threads gather over the windows that cover their element.
import type { KernelAttrs, Shape } from "../../backend.ts";
import { boolAttr } from "../../shared/attrs.ts";
import { pairAttr, windowGeometry, type WindowGeometry } from "../../shared/conv-geometry.ts";
import type { ProgramThis, WebglKernel } from "../program.ts";
import { quotient } from "../quotient.ts";

type Geometry = "h" | "w" | "c" | "oh" | "ow" | "kh" | "kw" | "sh" | "sw" | "pt" | "pl";

function geometry(kernel: string, x: Shape, y: Shape, attrs: KernelAttrs): Record<Geometry, number> {
  const g: WindowGeometry = windowGeometry(kernel, x, y, pairAttr(attrs, "pool", 2), attrs);
  if (g.oc !== g.c) throw new Error(`${kernel}: [${x}] and [${y}] have different channels`);
  const { h, w, c, oh, ow, kh, kw, sh, sw, pt, pl } = g;
  return { h, w, c, oh, ow, kh, kw, sh, sw, pt, pl };
}

/** y for window (b, i, j) of channel ch: the max (first one), or the mean, of the elements inside. */
function poolSource(this: ProgramThis<Geometry | "max">, x: number[]): number {
  const t = this.thread.x;
  const pixel = quotient(t, this.constants.c);
  const ch = t - pixel * this.constants.c;
  const rest = quotient(pixel, this.constants.ow);
  const j = pixel - rest * this.constants.ow;
  const b = quotient(rest, this.constants.oh);
  const i = rest - b * this.constants.oh;
  let best = 0;
  let sum = 0;
  let count = 0;
  for (let p = 0; p < this.constants.kh; p++) {
    const ih = i * this.constants.sh - this.constants.pt + p;
    for (let q = 0; q < this.constants.kw; q++) {
      const iw = j * this.constants.sw - this.constants.pl + q;
      if (ih >= 0 && ih < this.constants.h && iw >= 0 && iw < this.constants.w) {
        const v = x[((b * this.constants.h + ih) * this.constants.w + iw) * this.constants.c + ch]!;
        if (count === 0 || v > best) best = v;
        sum += v;
        count += 1;
      }
    }
  }
  if (count === 0) return 0;
  if (this.constants.max === 1) return best;
  return sum / count;
}

/** dx[b, ih, iw, ch]: dy of every window covering it, where it is that window's first maximum (max) or shared by the window's count (average). */
function poolGradSource(
  this: ProgramThis<Geometry | "accumulate" | "max" | "spanH" | "spanW">,
  dx: number[],
  x: number[],
  dy: number[],
): number {
  const t = this.thread.x;
  const pixel = quotient(t, this.constants.c);
  const ch = t - pixel * this.constants.c;
  const rest = quotient(pixel, this.constants.w);
  const iw = pixel - rest * this.constants.w;
  const b = quotient(rest, this.constants.h);
  const ih = rest - b * this.constants.h;
  // The windows covering (ih, iw): rows i = lastRow - di with top <= ih < top + kh (likewise columns).
  const lastRow = quotient(ih + this.constants.pt, this.constants.sh);
  const lastCol = quotient(iw + this.constants.pl, this.constants.sw);
  let total = 0;
  for (let di = 0; di < this.constants.spanH; di++) {
    const i = lastRow - di;
    const top = i * this.constants.sh - this.constants.pt;
    if (i >= 0 && i < this.constants.oh && ih < top + this.constants.kh) {
      for (let dj = 0; dj < this.constants.spanW; dj++) {
        const j = lastCol - dj;
        const left = j * this.constants.sw - this.constants.pl;
        if (j >= 0 && j < this.constants.ow && iw < left + this.constants.kw) {
          // Scan the window in the CPU's order: its first maximum, and how many elements are inside.
          let best = 0;
          let bestAt = -1;
          let count = 0;
          for (let p = 0; p < this.constants.kh; p++) {
            const wh = top + p;
            for (let q = 0; q < this.constants.kw; q++) {
              const ww = left + q;
              if (wh >= 0 && wh < this.constants.h && ww >= 0 && ww < this.constants.w) {
                const at = wh * this.constants.w + ww;
                const v = x[((b * this.constants.h + wh) * this.constants.w + ww) * this.constants.c + ch]!;
                if (count === 0 || v > best) {
                  best = v;
                  bestAt = at;
                }
                count += 1;
              }
            }
          }
          const g = dy[((b * this.constants.oh + i) * this.constants.ow + j) * this.constants.c + ch]!;
          if (this.constants.max === 1) {
            if (bestAt === ih * this.constants.w + iw) total += g;
          } else {
            total += g / count;
          }
        }
      }
    }
  }
  if (this.constants.accumulate === 1) return dx[t]! + total;
  return total;
}

function pool(name: string, max: boolean): WebglKernel {
  return {
    run(programs, [x], [y], attrs) {
      const constants = { ...geometry(name, x!.shape, y!.shape, attrs), max: max ? 1 : 0 };
      programs.assign(y!, programs.launch({ name: "pool2d", source: poolSource, size: y!.size, constants }, [x!]));
    },
  };
}

function poolGrad(name: string, max: boolean): WebglKernel {
  return {
    run(programs, inputs, [dx], attrs) {
      // maxpool2d_grad takes [x, dy]; avgpool2d_grad only [dy] (and never reads x).
      const [x, dy] = max ? [inputs[0]!, inputs[1]!] : [inputs[0]!, inputs[0]!];
      const g = geometry(name, dx!.shape, dy.shape, attrs);
      const spans = { spanH: Math.ceil(g.kh / g.sh), spanW: Math.ceil(g.kw / g.sw) };
      const constants = { ...g, ...spans, max: max ? 1 : 0, accumulate: boolAttr(attrs, "accumulate") ? 1 : 0 };
      programs.assign(dx!, programs.launch({ name: "pool2d_grad", source: poolGradSource, size: dx!.size, constants }, [dx!, x, dy]));
    },
  };
}

export const poolKernels = {
  maxpool2d: pool("maxpool2d", true),
  maxpool2d_grad: poolGrad("maxpool2d_grad", true),
  avgpool2d: pool("avgpool2d", false),
  avgpool2d_grad: poolGrad("avgpool2d_grad", false),
};
