// im2col / col2im over NHWC images for the conv kernels (conv2d.ts): the receptive fields of a
// run of consecutive output pixels laid out as the rows of a [pixels, kh*kw*c] matrix (zeros
// where a tap falls in the padding), and the inverse scatter-add. Column r of a row is tap
// (p, q, ch) with r = (p*kw + q)*c + ch, the row order of a [kh, kw, c, oc] kernel, so a
// convolution is one matrix product with the kernel read as [kh*kw*c, oc].
import type { WindowGeometry } from "../../shared/conv-geometry.ts";

/**
 * col[(pix - first) * kh*kw*c + r] = value r of output pixel pix's receptive field, for pix in
 * [first, first + count). Output pixels are numbered (b*oh + i)*ow + j.
 */
export function im2col(X: Float32Array, g: WindowGeometry, first: number, count: number, col: Float32Array): void {
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
export function col2imAdd(DX: Float32Array, g: WindowGeometry, first: number, count: number, col: Float32Array): void {
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
