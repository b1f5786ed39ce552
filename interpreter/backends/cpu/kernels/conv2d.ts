// y[n,i,j,o] = sum_{p,q,c} x[n, i*sh + p*dh - pt, j*sw + q*dw - pl, c] * k[p,q,c,o] (zeros outside x):
// cross-correlation over NHWC images with a [kh, kw, in, out] kernel (Keras), and its gradients
//   conv2d_grad_input  [dy, k] -> dx: dx[n, ih, iw, c] += sum_o dy[n,i,j,o] * k[p,q,c,o]
//   conv2d_grad_filter [x, dy] -> dk: dk[p,q,c,o]     += sum_{n,i,j} x[n, ih, iw, c] * dy[n,i,j,o]
// which honour `accumulate`. NWC inputs with a [k, in, out] kernel are conv1d (height 1).
// The receptive fields of a block of output pixels are gathered into the rows of a column
// matrix (im2col.ts) and every product is one blocked GEMM (matmul-gemm.ts):
//   conv2d:             y[block]  = col[block] @ k                 ([pixels, kh*kw*c] x [kh*kw*c, oc])
//   conv2d_grad_filter: dk       += col[block]^T @ dy[block]
//   conv2d_grad_input:  with stride 1 and same padding, the convolution of dy with k turned 180
//                       degrees (as conv2d); else col = dy[block] @ k^T scattered back into dx (col2im).
// 3x3 stride-1 convolutions on the wasm heap take Winograd's F(2x2, 3x3) instead
// (conv-winograd.ts): conv2d from 4 input channels, the same-padding input gradient through the
// turned kernel, and the filter gradient. Blocks of pixels bound the column buffer; every
// scratch buffer is reused across calls (no allocation per step once the largest shape has been
// seen). Every path sums in float32 in a fixed order, so results match plain loops up to float32
// rounding and are identical from run to run.
import type { KernelAttrs, Shape } from "../../backend.ts";
import type { CpuKernel } from "../kernel.ts";
import { boolAttr } from "../../shared/attrs.ts";
import { convGeometry as geometry, type WindowGeometry } from "../../shared/conv-geometry.ts";
import {
  convolveWinograd,
  filterGradientWinograd,
  winogradFits,
  winogradForward,
  winogradSpace,
  type WinogradSpace,
} from "./conv-winograd.ts";
import { col2imAdd, im2col } from "./im2col.ts";
import { gemm } from "./matmul-gemm.ts";
import { IM2COL_SLACK } from "../wasm/im2col-kernel.ts";
import type { WasmRuntime } from "../wasm/runtime.ts";

/**
 * Floats of column matrix gathered at once (1 MiB): small enough for the GEMM to read it in
 * place from the wasm heap (matmul-gemm.ts's direct path) while the kernel's panels stream past.
 * A block holds at least MIN_BLOCK pixels, a multiple of 4 (the GEMM's tile height).
 */
const COLUMN_FLOATS = 1 << 18;
const MIN_BLOCK = 64;

const plainScratch = new Map<string, Float32Array>();

/**
 * A buffer of at least `size` floats, reused across calls (kernels run one at a time): on the
 * wasm heap when there is one, so every GEMM of the convolution takes the direct SIMD path.
 * Taken before any tensor's `data` is read, since growing the heap re-creates their views.
 */
function scratch(wasm: WasmRuntime | undefined, name: string, size: number): Float32Array {
  if (wasm) return wasm.scratch(name, size);
  const found = plainScratch.get(name);
  if (found && found.length >= size) return found;
  const fresh = new Float32Array(size);
  plainScratch.set(name, fresh);
  return fresh;
}

/**
 * Pixels per block of the filter gradient, whose GEMM sums over a block's pixels: few enough
 * that a tile's slices of the column matrix and of dy stay in L1 while every tile of the block
 * reuses them (measured on a [64, 28, 28, 32] 3x3 filter gradient: 25 ms at 128 pixels against
 * 37 ms at 908; the forward pass and the input gradient do not care).
 */
const FILTER_GRADIENT_BLOCK = 128;

/** Output pixels per block for rows of `width` values. */
function blockPixels(width: number, pixels: number): number {
  const fit = Math.floor(COLUMN_FLOATS / Math.max(width, 1));
  return Math.min(pixels, Math.max(MIN_BLOCK, fit - (fit % 4)));
}

/** kT[o, r] = k[r, o]: the kernel as [oc, rows], so the input gradient's GEMM reads B plainly. */
function transposeInto(k: Float32Array, rows: number, oc: number, kT: Float32Array): void {
  for (let r = 0; r < rows; r++) for (let o = 0; o < oc; o++) kT[o * rows + r] = k[r * oc + o]!;
}

/** Rows [first, first + count) of a row-major matrix with `width` columns, without a view when it is all of it. */
function rowsOf(M: Float32Array, width: number, first: number, count: number, total: number): Float32Array {
  return first === 0 && count === total ? M : M.subarray(first * width, (first + count) * width);
}

/** True when each output pixel's patch is exactly its input pixel (1x1, stride 1, no padding): x is its own column matrix. */
function isPointwise(g: WindowGeometry): boolean {
  return g.kh === 1 && g.kw === 1 && g.sh === 1 && g.sw === 1 && g.pt === 0 && g.pl === 0 && g.h === g.oh && g.w === g.ow;
}

/**
 * The scratch a convolution over g works in: Winograd's buffers (conv-winograd.ts) for a 3x3
 * stride-1 convolution on the heap, a column-matrix block for im2col + GEMM, nothing for a
 * pointwise one. Taken before any tensor's view is read: growing the heap re-creates them.
 */
interface Workspace {
  winograd?: WinogradSpace;
  col?: Float32Array;
}

function workspace(wasm: WasmRuntime | undefined, g: WindowGeometry, onHeap: boolean): Workspace {
  if (isPointwise(g)) return {};
  if (wasm && onHeap && winogradForward(g)) return { winograd: winogradSpace(wasm, g) };
  const rows = g.kh * g.kw * g.c;
  return { col: scratch(wasm, "conv-columns", blockPixels(rows, g.n * g.oh * g.ow) * rows + IM2COL_SLACK) };
}

/** y (+)= x convolved with k over g, in the workspace taken for it. */
function convolve(
  wasm: WasmRuntime | undefined,
  x: Float32Array,
  k: Float32Array,
  y: Float32Array,
  g: WindowGeometry,
  space: Workspace,
  accumulate: boolean,
): void {
  const rows = g.kh * g.kw * g.c;
  const pixels = g.n * g.oh * g.ow;
  if (space.winograd) {
    convolveWinograd(wasm!, x, k, y, g, space.winograd, accumulate);
    return;
  }
  if (!space.col) {
    gemm(wasm, x, k, y, pixels, g.oc, rows, false, false, accumulate);
    return;
  }
  const block = blockPixels(rows, pixels);
  for (let first = 0; first < pixels; first += block) {
    const count = Math.min(block, pixels - first);
    im2col(wasm, x, g, first, count, space.col);
    gemm(wasm, space.col, k, rowsOf(y, g.oc, first, count, pixels), count, g.oc, rows, false, false, accumulate);
  }
}

const conv2dKernel: CpuKernel = {
  run([x, k], [y], attrs, wasm) {
    const g = geometry("conv2d", x!.shape, k!.shape, y!.shape, attrs);
    const space = workspace(wasm, g, wasm?.holds(x!.data, k!.data, y!.data) ?? false);
    convolve(wasm, x!.data, k!.data, y!.data, g, space, false);
  },
};

/**
 * With stride 1 the input gradient is itself a convolution: dy correlated with the kernel turned
 * 180 degrees and its channels swapped, with (kh-1)*dh - pt rows and (kw-1)*dw - pl columns of
 * zeros before. Its geometry, when taking it costs no more than the scatter: never for a strided
 * convolution, and not for a "valid" one, which has more input pixels (h*w) to compute than the
 * scatter has output pixels (oh*ow) to multiply (measured, [64, 11, 11, 64] to [64, 13, 13, 32]:
 * 10.9 ms against 7.4 by im2col + GEMM, and no faster through Winograd).
 */
function flippedGeometry(g: WindowGeometry): WindowGeometry | undefined {
  const pt = (g.kh - 1) * g.dh - g.pt;
  const pl = (g.kw - 1) * g.dw - g.pl;
  if (g.sh !== 1 || g.sw !== 1 || pt < 0 || pl < 0 || g.h * g.w > g.oh * g.ow) return undefined;
  return { n: g.n, h: g.oh, w: g.ow, c: g.oc, oh: g.h, ow: g.w, oc: g.c, kh: g.kh, kw: g.kw, sh: 1, sw: 1, dh: g.dh, dw: g.dw, pt, pl };
}

/** flipped[p, q, o, ch] = k[kh-1-p, kw-1-q, ch, o]: a [kh, kw, c, oc] kernel turned and transposed. */
function flipInto(k: Float32Array, g: WindowGeometry, flipped: Float32Array): void {
  const { kh, kw, c, oc } = g;
  for (let p = 0; p < kh; p++)
    for (let q = 0; q < kw; q++) {
      const from = ((kh - 1 - p) * kw + (kw - 1 - q)) * c * oc;
      const to = (p * kw + q) * oc * c;
      for (let ch = 0; ch < c; ch++) for (let o = 0; o < oc; o++) flipped[to + o * c + ch] = k[from + ch * oc + o]!;
    }
}

const conv2dGradInputKernel: CpuKernel = {
  run([dy, k], [dx], attrs, wasm) {
    const g = geometry("conv2d_grad_input", dx!.shape, k!.shape, dy!.shape, attrs);
    const accumulate = boolAttr(attrs, "accumulate");
    const flipped = flippedGeometry(g);
    if (!flipped) {
      gradInputByScatter(wasm, dy!, k!, dx!, g, accumulate);
      return;
    }
    const size = g.kh * g.kw * g.c * g.oc;
    scratch(wasm, "conv-kernel-flipped", size); // reserved first: the next one may grow the heap
    const space = workspace(wasm, flipped, wasm?.holds(dy!.data, dx!.data) ?? false);
    const kFlipped = scratch(wasm, "conv-kernel-flipped", size);
    flipInto(k!.data, g, kFlipped);
    convolve(wasm, dy!.data, kFlipped, dx!.data, flipped, space, accumulate);
  },
};

/** A strided convolution's input gradient: per block, col = dy @ k^T, scattered back into dx (col2im). */
function gradInputByScatter(
  wasm: WasmRuntime | undefined,
  dy: { data: Float32Array },
  k: { data: Float32Array },
  dx: { data: Float32Array },
  g: WindowGeometry,
  accumulate: boolean,
): void {
  const { oc } = g;
  const rows = g.kh * g.kw * g.c;
  const pixels = g.n * g.oh * g.ow;
  const block = blockPixels(Math.max(rows, oc), pixels);
  scratch(wasm, "conv-kernel-transposed", rows * oc); // reserved first: the next one may grow the heap
  const col = scratch(wasm, "conv-columns", block * rows + IM2COL_SLACK);
  const kT = scratch(wasm, "conv-kernel-transposed", rows * oc);
  transposeInto(k.data, rows, oc, kT);
  if (!accumulate) dx.data.fill(0);
  for (let first = 0; first < pixels; first += block) {
    const count = Math.min(block, pixels - first);
    gemm(wasm, rowsOf(dy.data, oc, first, count, pixels), kT, col, count, rows, oc, false, false, false);
    col2imAdd(wasm, dx.data, g, first, count, col);
  }
}

const conv2dGradFilterKernel: CpuKernel = {
  run([x, dy], [dk], attrs, wasm) {
    const g = geometry("conv2d_grad_filter", x!.shape, dk!.shape, dy!.shape, attrs);
    const { oc } = g;
    const rows = g.kh * g.kw * g.c;
    const pixels = g.n * g.oh * g.ow;
    if (wasm && winogradFits(g) && wasm.holds(x!.data, dy!.data, dk!.data)) {
      const space = winogradSpace(wasm, g);
      filterGradientWinograd(wasm, x!.data, dy!.data, dk!.data, g, space, boolAttr(attrs, "accumulate"));
      return;
    }
    if (!boolAttr(attrs, "accumulate")) dk!.data.fill(0);
    if (isPointwise(g)) {
      gemm(wasm, x!.data, dy!.data, dk!.data, rows, oc, pixels, true, false, true);
      return;
    }
    const block = Math.min(FILTER_GRADIENT_BLOCK, blockPixels(rows, pixels));
    const col = scratch(wasm, "conv-columns", block * rows + IM2COL_SLACK);
    for (let first = 0; first < pixels; first += block) {
      const count = Math.min(block, pixels - first);
      im2col(wasm, x!.data, g, first, count, col);
      gemm(wasm, col, rowsOf(dy!.data, oc, first, count, pixels), dk!.data, rows, oc, count, true, false, true);
    }
  },
};

export const convKernels = { conv2d: conv2dKernel, conv2d_grad_input: conv2dGradInputKernel, conv2d_grad_filter: conv2dGradFilterKernel };
