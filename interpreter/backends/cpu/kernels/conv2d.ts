// y[n,i,j,o] = sum_{p,q,c} x[n, i*sh + p*dh - pt, j*sw + q*dw - pl, c] * k[p,q,c,o] (zeros outside x):
// cross-correlation over NHWC images with a [kh, kw, in, out] kernel (Keras), and its gradients
//   conv2d_grad_input  [dy, k] -> dx: dx[n, ih, iw, c] += sum_o dy[n,i,j,o] * k[p,q,c,o]
//   conv2d_grad_filter [x, dy] -> dk: dk[p,q,c,o]     += sum_{n,i,j} x[n, ih, iw, c] * dy[n,i,j,o]
// which honour `accumulate`. NWC inputs with a [k, in, out] kernel are conv1d (height 1).
// The receptive fields of a block of output pixels are gathered into the rows of a column
// matrix (im2col.ts) and every product is one blocked GEMM (matmul-gemm.ts):
//   conv2d:             y[block]  = col[block] @ k                 ([pixels, kh*kw*c] x [kh*kw*c, oc])
//   conv2d_grad_filter: dk       += col[block]^T @ dy[block]
//   conv2d_grad_input:  col       = dy[block] @ k^T, then scattered back into dx (col2im).
// Blocks of pixels bound the column buffer, which is reused across calls (no allocation per
// step once the largest shape has been seen). The GEMM sums in float32 in a fixed order, so
// results match plain loops up to float32 rounding and are identical from run to run.
import type { KernelAttrs, Shape } from "../../backend.ts";
import type { CpuKernel } from "../kernel.ts";
import { boolAttr } from "../../shared/attrs.ts";
import { convGeometry as geometry, type WindowGeometry } from "../../shared/conv-geometry.ts";
import { col2imAdd, im2col } from "./im2col.ts";
import { gemm } from "./matmul-gemm.ts";

/** Floats of column matrix gathered at once (4 MiB); a block holds at least MIN_BLOCK pixels. */
const COLUMN_FLOATS = 1 << 20;
const MIN_BLOCK = 64;

let scratchBuffer = new Float32Array(0);

/** A buffer of at least `size` floats, reused across calls (kernels run one at a time). */
function scratch(size: number): Float32Array {
  if (scratchBuffer.length < size) scratchBuffer = new Float32Array(size);
  return scratchBuffer;
}

/** Output pixels per block for patches of `rows` values. */
function blockPixels(rows: number, pixels: number): number {
  return Math.min(pixels, Math.max(MIN_BLOCK, Math.floor(COLUMN_FLOATS / Math.max(rows, 1))));
}

/** Rows [first, first + count) of a row-major matrix with `width` columns, without a view when it is all of it. */
function rowsOf(M: Float32Array, width: number, first: number, count: number, total: number): Float32Array {
  return first === 0 && count === total ? M : M.subarray(first * width, (first + count) * width);
}

/** True when each output pixel's patch is exactly its input pixel (1x1, stride 1, no padding): x is its own column matrix. */
function isPointwise(g: WindowGeometry): boolean {
  return g.kh === 1 && g.kw === 1 && g.sh === 1 && g.sw === 1 && g.pt === 0 && g.pl === 0 && g.h === g.oh && g.w === g.ow;
}

const conv2dKernel: CpuKernel = {
  run([x, k], [y], attrs, wasm) {
    const g = geometry("conv2d", x!.shape, k!.shape, y!.shape, attrs);
    const { oc } = g;
    const rows = g.kh * g.kw * g.c;
    const pixels = g.n * g.oh * g.ow;
    if (isPointwise(g)) {
      gemm(wasm, x!.data, k!.data, y!.data, pixels, oc, rows, false, false, false);
      return;
    }
    const block = blockPixels(rows, pixels);
    const col = scratch(block * rows);
    for (let first = 0; first < pixels; first += block) {
      const count = Math.min(block, pixels - first);
      im2col(x!.data, g, first, count, col);
      gemm(wasm, col, k!.data, rowsOf(y!.data, oc, first, count, pixels), count, oc, rows, false, false, false);
    }
  },
};

const conv2dGradInputKernel: CpuKernel = {
  run([dy, k], [dx], attrs, wasm) {
    const g = geometry("conv2d_grad_input", dx!.shape, k!.shape, dy!.shape, attrs);
    const { oc } = g;
    const rows = g.kh * g.kw * g.c;
    const pixels = g.n * g.oh * g.ow;
    const accumulate = boolAttr(attrs, "accumulate");
    if (isPointwise(g)) {
      gemm(wasm, dy!.data, k!.data, dx!.data, pixels, rows, oc, false, true, accumulate);
      return;
    }
    if (!accumulate) dx!.data.fill(0);
    const block = blockPixels(rows, pixels);
    const col = scratch(block * rows);
    for (let first = 0; first < pixels; first += block) {
      const count = Math.min(block, pixels - first);
      gemm(wasm, rowsOf(dy!.data, oc, first, count, pixels), k!.data, col, count, rows, oc, false, true, false);
      col2imAdd(dx!.data, g, first, count, col);
    }
  },
};

const conv2dGradFilterKernel: CpuKernel = {
  run([x, dy], [dk], attrs, wasm) {
    const g = geometry("conv2d_grad_filter", x!.shape, dk!.shape, dy!.shape, attrs);
    const { oc } = g;
    const rows = g.kh * g.kw * g.c;
    const pixels = g.n * g.oh * g.ow;
    if (!boolAttr(attrs, "accumulate")) dk!.data.fill(0);
    if (isPointwise(g)) {
      gemm(wasm, x!.data, dy!.data, dk!.data, rows, oc, pixels, true, false, true);
      return;
    }
    const block = blockPixels(rows, pixels);
    const col = scratch(block * rows);
    for (let first = 0; first < pixels; first += block) {
      const count = Math.min(block, pixels - first);
      im2col(x!.data, g, first, count, col);
      gemm(wasm, col, rowsOf(dy!.data, oc, first, count, pixels), dk!.data, rows, oc, count, true, false, true);
    }
  },
};

export const convKernels = { conv2d: conv2dKernel, conv2d_grad_input: conv2dGradInputKernel, conv2d_grad_filter: conv2dGradFilterKernel };
