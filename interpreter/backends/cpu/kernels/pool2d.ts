// Windowed pooling over NHWC (or NWC) images, window `pool` [ph, pw], `strides`, `pad` [top, left]:
//   maxpool2d: y = max of the window's elements inside x (padding ignored);
//   avgpool2d: y = their sum / their count (padding not counted, as TensorFlow);
// and gradients maxpool2d_grad [x, dy] -> dx (dy to the window's first maximum) and
// avgpool2d_grad [dy] -> dx (dy / count to each element), which honour `accumulate`.
import type { KernelAttrs, Shape } from "../../backend.ts";
import type { CpuKernel } from "../kernel.ts";
import type { WasmRuntime } from "../wasm/runtime.ts";
import { boolAttr } from "../../shared/attrs.ts";
import { pairAttr, windowGeometry, type WindowGeometry } from "../../shared/conv-geometry.ts";

function geometry(kernel: string, x: Shape, y: Shape, attrs: KernelAttrs): WindowGeometry {
  const g = windowGeometry(kernel, x, y, pairAttr(attrs, "pool", 2), attrs);
  if (g.oc !== g.c) throw new Error(`${kernel}: [${x}] and [${y}] have different channels`);
  return g;
}

// Every kernel walks the output pixels with plain loops; each pixel's window (clipped to x) is
// scanned row by row, column by column, with the channels innermost and contiguous, keeping
// per-channel running values in reused scratch arrays. The visiting order per channel is the
// window's row-major order, so "first maximum" and the sums' rounding are those of a scalar loop.
// maxpool2d and its gradient run as WebAssembly SIMD kernels (wasm/maxpool-kernel.ts) on heap
// tensors whose channels fill whole f32x4 vectors; the loops are the fallback and the reference.

let bestScratch = new Int32Array(0);
let valueScratch = new Float64Array(0);

/** Per-channel scratch: indices (first maximum) and values (maximum or sum), at least c long. */
function channelScratch(c: number): [Int32Array, Float64Array] {
  if (bestScratch.length < c) {
    bestScratch = new Int32Array(c);
    valueScratch = new Float64Array(c);
  }
  return [bestScratch, valueScratch];
}

/**
 * For each output pixel and channel, the window's first maximum in X (none for an empty window):
 * with Y, y = that maximum (0 for an empty window); otherwise dx[its index] += dy.
 */
function maxWindows(
  X: Float32Array,
  g: WindowGeometry,
  Y: Float32Array | undefined,
  DY: Float32Array | undefined,
  DX: Float32Array | undefined,
): void {
  const { n, h, w, c, oh, ow, kh, kw, sh, sw, pt, pl } = g;
  const [best, max] = channelScratch(c);
  const rowStride = w * c;
  for (let b = 0; b < n; b++) {
    for (let i = 0; i < oh; i++) {
      const top = Math.max(i * sh - pt, 0);
      const rows = Math.min(i * sh - pt + kh, h) - top;
      for (let j = 0; j < ow; j++) {
        const left = Math.max(j * sw - pl, 0);
        const cols = Math.min(j * sw - pl + kw, w) - left;
        const yRow = ((b * oh + i) * ow + j) * c;
        const xBase = ((b * h + top) * w + left) * c;
        for (let ch = 0; ch < c; ch++) {
          best[ch] = -1;
          max[ch] = -Infinity;
        }
        for (let r = 0; r < rows; r++) {
          for (let col = 0; col < cols; col++) {
            const at = xBase + r * rowStride + col * c;
            for (let ch = 0; ch < c; ch++) {
              const v = X[at + ch]!;
              if (v > max[ch]!) {
                max[ch] = v;
                best[ch] = at + ch;
              }
            }
          }
        }
        if (Y) {
          for (let ch = 0; ch < c; ch++) Y[yRow + ch] = best[ch]! < 0 ? 0 : max[ch]!;
        } else {
          for (let ch = 0; ch < c; ch++) {
            const at = best[ch]!;
            if (at >= 0) DX![at] = DX![at]! + DY![yRow + ch]!;
          }
        }
      }
    }
  }
}

/** maxWindows on the wasm heap; false where it cannot run there (the loops then do). */
function maxWindowsSimd(
  wasm: WasmRuntime | undefined,
  X: Float32Array,
  g: WindowGeometry,
  Y: Float32Array | undefined,
  DY: Float32Array | undefined,
  DX: Float32Array | undefined,
): boolean {
  const { n, h, w, c, oh, ow, kh, kw, sh, sw, pt, pl } = g;
  if (!wasm || c % 4 !== 0 || n * oh * ow * c === 0) return false;
  const geometry = [n, h, w, c, oh, ow, kh, kw, sh, sw, pt, pl] as const;
  if (Y) {
    if (!wasm.holds(X, Y)) return false;
    wasm.maxpool(X.byteOffset, Y.byteOffset, ...geometry);
  } else {
    if (!wasm.holds(X, DY!, DX!)) return false;
    wasm.maxpoolGrad(X.byteOffset, DY!.byteOffset, DX!.byteOffset, ...geometry);
  }
  return true;
}

/** maxpool2d [x] -> y, through `wasm` when it can take the arrays (undefined: the loops). */
export function maxpoolForward(wasm: WasmRuntime | undefined, X: Float32Array, g: WindowGeometry, Y: Float32Array): void {
  if (!maxWindowsSimd(wasm, X, g, Y, undefined, undefined)) maxWindows(X, g, Y, undefined, undefined);
}

/** dx[each window's first maximum] += dy, through `wasm` when it can take the arrays. */
export function maxpoolBackward(
  wasm: WasmRuntime | undefined,
  X: Float32Array,
  g: WindowGeometry,
  DY: Float32Array,
  DX: Float32Array,
): void {
  if (!maxWindowsSimd(wasm, X, g, undefined, DY, DX)) maxWindows(X, g, undefined, DY, DX);
}

const maxpool: CpuKernel = {
  run([x], [y], attrs, wasm) {
    maxpoolForward(wasm, x!.data, geometry("maxpool2d", x!.shape, y!.shape, attrs), y!.data);
  },
};

const maxpoolGrad: CpuKernel = {
  run([x, dy], [dx], attrs, wasm) {
    const g = geometry("maxpool2d_grad", x!.shape, dy!.shape, attrs);
    if (!boolAttr(attrs, "accumulate")) dx!.data.fill(0);
    maxpoolBackward(wasm, x!.data, g, dy!.data, dx!.data);
  },
};

const avgpool: CpuKernel = {
  run([x], [y], attrs) {
    const g = geometry("avgpool2d", x!.shape, y!.shape, attrs);
    const X = x!.data;
    const Y = y!.data;
    const { n, h, w, c, oh, ow, kh, kw, sh, sw, pt, pl } = g;
    const [, sum] = channelScratch(c);
    const rowStride = w * c;
    for (let b = 0; b < n; b++) {
      for (let i = 0; i < oh; i++) {
        const top = Math.max(i * sh - pt, 0);
        const rows = Math.min(i * sh - pt + kh, h) - top;
        for (let j = 0; j < ow; j++) {
          const left = Math.max(j * sw - pl, 0);
          const cols = Math.min(j * sw - pl + kw, w) - left;
          const yRow = ((b * oh + i) * ow + j) * c;
          const xBase = ((b * h + top) * w + left) * c;
          for (let ch = 0; ch < c; ch++) sum[ch] = 0;
          for (let r = 0; r < rows; r++) {
            for (let col = 0; col < cols; col++) {
              const at = xBase + r * rowStride + col * c;
              for (let ch = 0; ch < c; ch++) sum[ch] = sum[ch]! + X[at + ch]!;
            }
          }
          const count = rows > 0 && cols > 0 ? rows * cols : 0;
          for (let ch = 0; ch < c; ch++) Y[yRow + ch] = count > 0 ? sum[ch]! / count : 0;
        }
      }
    }
  },
};

const avgpoolGrad: CpuKernel = {
  run([dy], [dx], attrs) {
    const g = geometry("avgpool2d_grad", dx!.shape, dy!.shape, attrs);
    const DY = dy!.data;
    const DX = dx!.data;
    if (!boolAttr(attrs, "accumulate")) DX.fill(0);
    const { n, h, w, c, oh, ow, kh, kw, sh, sw, pt, pl } = g;
    const rowStride = w * c;
    for (let b = 0; b < n; b++) {
      for (let i = 0; i < oh; i++) {
        const top = Math.max(i * sh - pt, 0);
        const rows = Math.min(i * sh - pt + kh, h) - top;
        for (let j = 0; j < ow; j++) {
          const left = Math.max(j * sw - pl, 0);
          const cols = Math.min(j * sw - pl + kw, w) - left;
          const yRow = ((b * oh + i) * ow + j) * c;
          const xBase = ((b * h + top) * w + left) * c;
          const area = rows * cols;
          for (let r = 0; r < rows; r++) {
            for (let col = 0; col < cols; col++) {
              const at = xBase + r * rowStride + col * c;
              for (let ch = 0; ch < c; ch++) DX[at + ch] = DX[at + ch]! + DY[yRow + ch]! / area;
            }
          }
        }
      }
    }
  },
};

export const poolKernels = { maxpool2d: maxpool, maxpool2d_grad: maxpoolGrad, avgpool2d: avgpool, avgpool2d_grad: avgpoolGrad };
