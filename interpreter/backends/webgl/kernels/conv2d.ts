// Cross-correlation over NHWC images with a [kh, kw, in, out] kernel (NWC with [k, in, out]
// is conv1d), and its gradients honouring `accumulate` (cpu/kernels/conv2d.ts):
//   conv2d             [x, k]  -> y:  y[n,i,j,o]   = sum_{p,q,c} x[n, i*sh + p*dh - pt, j*sw + q*dw - pl, c] * k[p,q,c,o]
//   conv2d_grad_input  [dy, k] -> dx: dx[n,ih,iw,c] = sum over the taps that read x[n,ih,iw,c] of dy * k
//   conv2d_grad_filter [x, dy] -> dk: dk[p,q,c,o]   = sum_{n,i,j} x[n, ih, iw, c] * dy[n,i,j,o]
// One thread per output value; the filter gradient sums over every output pixel in two passes
// (chunks.ts), the others over a window.
import type { KernelAttrs, Shape } from "../../backend.ts";
import { boolAttr } from "../../shared/attrs.ts";
import { convGeometry as geometry, type WindowGeometry } from "../../shared/conv-geometry.ts";
import { launchScratch, type ProgramThis, type WebglKernel } from "../program.ts";
import { chunksOf, finishSum } from "./chunks.ts";
import { quotient } from "../quotient.ts";

type Geometry = "h" | "w" | "c" | "oh" | "ow" | "oc" | "kh" | "kw" | "sh" | "sw" | "dh" | "dw" | "pt" | "pl";

/** The geometry as program constants (the batch size is implied by the output size). */
function constantsOf({ h, w, c, oh, ow, oc, kh, kw, sh, sw, dh, dw, pt, pl }: WindowGeometry): Record<Geometry, number> {
  return { h, w, c, oh, ow, oc, kh, kw, sh, sw, dh, dw, pt, pl };
}

function conv2dSource(this: ProgramThis<Geometry>, x: number[], k: number[]): number {
  const t = this.thread.x;
  const pixel = quotient(t, this.constants.oc);
  const o = t - pixel * this.constants.oc;
  const rest = quotient(pixel, this.constants.ow);
  const j = pixel - rest * this.constants.ow;
  const b = quotient(rest, this.constants.oh);
  const i = rest - b * this.constants.oh;
  let total = 0;
  for (let p = 0; p < this.constants.kh; p++) {
    const ih = i * this.constants.sh + p * this.constants.dh - this.constants.pt;
    for (let q = 0; q < this.constants.kw; q++) {
      const iw = j * this.constants.sw + q * this.constants.dw - this.constants.pl;
      if (ih >= 0 && ih < this.constants.h && iw >= 0 && iw < this.constants.w) {
        let partial = 0;
        for (let c = 0; c < this.constants.c; c++) {
          partial +=
            x[((b * this.constants.h + ih) * this.constants.w + iw) * this.constants.c + c]! *
            k[((p * this.constants.kw + q) * this.constants.c + c) * this.constants.oc + o]!;
        }
        total += partial;
      }
    }
  }
  return total;
}

function conv2dGradInputSource(this: ProgramThis<Geometry | "accumulate">, dx: number[], dy: number[], k: number[]): number {
  const t = this.thread.x;
  const pixel = quotient(t, this.constants.c);
  const c = t - pixel * this.constants.c;
  const rest = quotient(pixel, this.constants.w);
  const iw = pixel - rest * this.constants.w;
  const b = quotient(rest, this.constants.h);
  const ih = rest - b * this.constants.h;
  let total = 0;
  for (let p = 0; p < this.constants.kh; p++) {
    // The output row i whose tap p reads row ih, if the stride lands on it.
    const rowOffset = ih + this.constants.pt - p * this.constants.dh;
    const i = quotient(rowOffset, this.constants.sh);
    for (let q = 0; q < this.constants.kw; q++) {
      const colOffset = iw + this.constants.pl - q * this.constants.dw;
      const j = quotient(colOffset, this.constants.sw);
      if (
        rowOffset >= 0 &&
        i * this.constants.sh === rowOffset &&
        i < this.constants.oh &&
        colOffset >= 0 &&
        j * this.constants.sw === colOffset &&
        j < this.constants.ow
      ) {
        let partial = 0;
        for (let o = 0; o < this.constants.oc; o++) {
          partial +=
            dy[((b * this.constants.oh + i) * this.constants.ow + j) * this.constants.oc + o]! *
            k[((p * this.constants.kw + q) * this.constants.c + c) * this.constants.oc + o]!;
        }
        total += partial;
      }
    }
  }
  if (this.constants.accumulate === 1) return dx[t]! + total;
  return total;
}

/** The partial sum over one chunk of output pixels of dk[p, q, c, o]. */
function conv2dGradFilterSource(this: ProgramThis<Geometry | "chunk" | "chunks" | "pixels">, x: number[], dy: number[]): number {
  const t = this.thread.x;
  const index = quotient(t, this.constants.chunks);
  const chunk = t - index * this.constants.chunks;
  const o = index - quotient(index, this.constants.oc) * this.constants.oc;
  const tap = quotient(index, this.constants.oc);
  const c = tap - quotient(tap, this.constants.c) * this.constants.c;
  const pq = quotient(tap, this.constants.c);
  const p = quotient(pq, this.constants.kw);
  const q = pq - p * this.constants.kw;
  let partial = 0;
  for (let step = 0; step < this.constants.chunk; step++) {
    const pixel = chunk * this.constants.chunk + step;
    if (pixel < this.constants.pixels) {
      const rest = quotient(pixel, this.constants.ow);
      const j = pixel - rest * this.constants.ow;
      const b = quotient(rest, this.constants.oh);
      const i = rest - b * this.constants.oh;
      const ih = i * this.constants.sh + p * this.constants.dh - this.constants.pt;
      const iw = j * this.constants.sw + q * this.constants.dw - this.constants.pl;
      if (ih >= 0 && ih < this.constants.h && iw >= 0 && iw < this.constants.w) {
        partial += x[((b * this.constants.h + ih) * this.constants.w + iw) * this.constants.c + c]! * dy[pixel * this.constants.oc + o]!;
      }
    }
  }
  return partial;
}

const conv2d: WebglKernel = {
  run(programs, [x, k], [y], attrs) {
    const g = geometry("conv2d", x!.shape, k!.shape, y!.shape, attrs);
    programs.assign(y!, programs.launch({ name: "conv2d", source: conv2dSource, size: y!.size, constants: constantsOf(g) }, [x!, k!]));
  },
};

const conv2dGradInput: WebglKernel = {
  run(programs, [dy, k], [dx], attrs) {
    const g = geometry("conv2d_grad_input", dx!.shape, k!.shape, dy!.shape, attrs);
    const constants = { ...constantsOf(g), accumulate: boolAttr(attrs, "accumulate") ? 1 : 0 };
    programs.assign(
      dx!,
      programs.launch({ name: "conv2d_grad_input", source: conv2dGradInputSource, size: dx!.size, constants }, [dx!, dy!, k!]),
    );
  },
};

const conv2dGradFilter: WebglKernel = {
  run(programs, [x, dy], [dk], attrs) {
    const g = geometry("conv2d_grad_filter", x!.shape, dk!.shape, dy!.shape, attrs);
    const pixels = g.n * g.oh * g.ow;
    const chunks = chunksOf(pixels);
    const constants = { ...constantsOf(g), pixels, ...chunks };
    const partials = launchScratch(
      programs,
      { name: "conv2d_grad_filter", source: conv2dGradFilterSource, size: dk!.size * chunks.chunks, constants },
      [x!, dy!],
    );
    programs.assign(
      dk!,
      finishSum(programs, partials, dk!.size, chunks.chunks, { addend: boolAttr(attrs, "accumulate") ? dk! : undefined }),
    );
  },
};

export const convKernels = { conv2d, conv2d_grad_input: conv2dGradInput, conv2d_grad_filter: conv2dGradFilter };
