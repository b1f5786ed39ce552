// im2col / col2im over NHWC images for the conv kernels (conv2d.ts): the receptive fields of a
// run of consecutive output pixels laid out as the rows of a [pixels, kh*kw*c] matrix (zeros
// where a tap falls in the padding), and the inverse scatter-add. Column r of a row is tap
// (p, q, ch) with r = (p*kw + q)*c + ch, the row order of a [kh, kw, c, oc] kernel, so a
// convolution is one matrix product with the kernel read as [kh*kw*c, oc].
// Both run as WebAssembly SIMD kernels (wasm/im2col-kernel.ts) when the arrays are on the heap;
// the loops here are the fallback and the reference (they give the same bits).
import type { WindowGeometry } from "../../shared/conv-geometry.ts";
import type { WasmRuntime } from "../wasm/runtime.ts";

/** Runs a wasm gather/scatter over `count` pixels from pixel `first`; false when the arrays are not on the heap. */
function onHeap(
  kernel: "im2col" | "col2imAdd",
  wasm: WasmRuntime | undefined,
  X: Float32Array,
  g: WindowGeometry,
  first: number,
  count: number,
  col: Float32Array,
): boolean {
  if (!wasm || count === 0 || !wasm.holds(X, col)) return false;
  const { h, w, c, oh, ow, kh, kw, sh, sw, dh, dw, pt, pl } = g;
  if (c === 0 || kh === 0 || kw === 0) return false;
  const j = first % ow;
  const rest = (first - j) / ow;
  const i = rest % oh;
  wasm[kernel](X.byteOffset, col.byteOffset, count, (rest - i) / oh, i, j, h, w, c, oh, ow, kh, kw, sh, sw, dh, dw, pt, pl);
  return true;
}

/**
 * col[(pix - first) * kh*kw*c + r] = value r of output pixel pix's receptive field, for pix in
 * [first, first + count). Output pixels are numbered (b*oh + i)*ow + j.
 */
export function im2col(
  wasm: WasmRuntime | undefined,
  X: Float32Array,
  g: WindowGeometry,
  first: number,
  count: number,
  col: Float32Array,
): void {
  if (onHeap("im2col", wasm, X, g, first, count, col)) return;
  const { h, w, c, oh, ow, kh, kw, sh, sw, dh, dw, pt, pl } = g;
  let j = first % ow;
  const rest = (first - j) / ow;
  let i = rest % oh;
  let b = (rest - i) / oh;
  let d = 0;
  for (let n = 0; n < count; n++) {
    const ih0 = i * sh - pt;
    const iw0 = j * sw - pl;
    const image = b * h;
    for (let p = 0; p < kh; p++) {
      const ih = ih0 + p * dh;
      const rowInside = ih >= 0 && ih < h;
      const xRow = (image + ih) * w;
      for (let q = 0; q < kw; q++) {
        const iw = iw0 + q * dw;
        if (rowInside && iw >= 0 && iw < w) {
          const src = (xRow + iw) * c;
          for (let ch = 0; ch < c; ch++) col[d + ch] = X[src + ch]!;
        } else {
          for (let ch = 0; ch < c; ch++) col[d + ch] = 0;
        }
        d += c;
      }
    }
    if (++j === ow) {
      j = 0;
      if (++i === oh) {
        i = 0;
        b++;
      }
    }
  }
}

/** dx[receptive field of pix] += col row (pix - first), for pix in [first, first + count), in pixel order. */
export function col2imAdd(
  wasm: WasmRuntime | undefined,
  DX: Float32Array,
  g: WindowGeometry,
  first: number,
  count: number,
  col: Float32Array,
): void {
  if (onHeap("col2imAdd", wasm, DX, g, first, count, col)) return;
  const { h, w, c, oh, ow, kh, kw, sh, sw, dh, dw, pt, pl } = g;
  let j = first % ow;
  const rest = (first - j) / ow;
  let i = rest % oh;
  let b = (rest - i) / oh;
  let d = 0;
  for (let n = 0; n < count; n++) {
    const ih0 = i * sh - pt;
    const iw0 = j * sw - pl;
    const image = b * h;
    for (let p = 0; p < kh; p++) {
      const ih = ih0 + p * dh;
      const rowInside = ih >= 0 && ih < h;
      const xRow = (image + ih) * w;
      for (let q = 0; q < kw; q++) {
        const iw = iw0 + q * dw;
        if (rowInside && iw >= 0 && iw < w) {
          const dst = (xRow + iw) * c;
          for (let ch = 0; ch < c; ch++) DX[dst + ch] = DX[dst + ch]! + col[d + ch]!;
        }
        d += c;
      }
    }
    if (++j === ow) {
      j = 0;
      if (++i === oh) {
        i = 0;
        b++;
      }
    }
  }
}
