// Winograd's F(2x2, 3x3) convolution (Lavin and Gray, 2015) for 3x3, stride-1, undilated
// convolutions: each 2x2 block of output pixels comes from a 4x4 tile of the zero-padded input
// with 16 multiplications per channel pair instead of 36, so its GEMMs do 2.25x fewer
// multiply-adds than im2col's:
//   U = G k G^T per (input, output) channel pair: 16 values, in float64, rounded once
//   V = B^T d B per tile and input channel (wasm/winograd-kernel.ts)
//   M[e] = V[e] @ U[e] for each of the 16 positions e: GEMMs of [tiles x c] @ [c x oc]
//   y = A^T M A per tile and output channel (wasm/winograd-kernel.ts)
// One image at a time, so V and M stay in cache. The transforms add before they multiply, so
// results differ from im2col + GEMM by float32 rounding; every run gives the same bits.
import type { WindowGeometry } from "../../shared/conv-geometry.ts";
import { GEMM_MR, GEMM_NR } from "../wasm/gemm-kernel.ts";
import type { WasmRuntime } from "../wasm/runtime.ts";

/**
 * Whether F(2x2, 3x3) computes this convolution: 3x3, stride 1, no dilation, output channels
 * in whole GEMM panels. Input channels are padded to whole vectors with zeros (a first layer's
 * single channel becomes four), an odd output size to an even one (the extra row and column
 * computed and dropped).
 */
export function winogradFits(g: WindowGeometry): boolean {
  return g.kh === 3 && g.kw === 3 && g.sh === 1 && g.sw === 1 && g.dh === 1 && g.dw === 1 && g.oc % GEMM_NR === 0;
}

/**
 * Whether the forward pass should take Winograd: with fewer than 4 input channels its output
 * transform, over 4x the output's values, costs more than the small GEMM it saves (measured on
 * the CNN's first layer, 1 channel into 32: 3.4 ms against 2.2 by im2col + GEMM, while its
 * filter gradient takes 2.6 ms against 3.8).
 */
export function winogradForward(g: WindowGeometry): boolean {
  return winogradFits(g) && g.c >= 4;
}

/** Tile rows and columns, the padded input's rows and columns, and its channels (c rounded up to whole vectors). */
function dims(g: WindowGeometry) {
  const [th, tw] = [Math.ceil(g.oh / 2), Math.ceil(g.ow / 2)];
  return { th, tw, hp: 2 * th + 2, wp: 2 * tw + 2, cp: Math.ceil(g.c / 4) * 4, tiles: Math.ceil((th * tw) / GEMM_MR) * GEMM_MR };
}

/** The scratch buffers: the padded input, U, one image's V and M (its tile count rounded up to whole GEMM tiles), and one image's even-sized output. */
export interface WinogradSpace {
  padded: Float32Array;
  u: Float32Array;
  v: Float32Array;
  m: Float32Array;
  even: Float32Array;
}

/**
 * Takes the scratch buffers, before any tensor's view is read: growing the heap re-creates
 * every view, so all five are reserved first and their views taken after.
 */
export function winogradSpace(wasm: WasmRuntime, g: WindowGeometry): WinogradSpace {
  const { th, tw, hp, wp, cp, tiles } = dims(g);
  const sizes = [g.n * hp * wp * cp, 16 * cp * g.oc, 16 * tiles * cp, 16 * tiles * g.oc, 4 * th * tw * g.oc];
  const names = ["winograd-padded", "winograd-u", "winograd-v", "winograd-m", "winograd-even"];
  names.forEach((name, i) => wasm.scratch(name, sizes[i]!));
  const [padded, u, v, m, even] = names.map((name, i) => wasm.scratch(name, sizes[i]!)) as [
    Float32Array,
    Float32Array,
    Float32Array,
    Float32Array,
    Float32Array,
  ];
  return { padded, u, v, m, even };
}

/** padded[b, r, s, ch] = x[b, r - pt, s - pl, ch] over hp x wp x cp, zeros outside x and past its c channels. */
function padInto(X: Float32Array, g: WindowGeometry, padded: Float32Array): void {
  const { n, h, w, c, pt, pl } = g;
  const { hp, wp, cp } = dims(g);
  padded.fill(0, 0, n * hp * wp * cp);
  const [s0, s1] = [Math.max(0, pl), Math.min(wp, pl + w)];
  if (s1 <= s0) return;
  for (let b = 0; b < n; b++)
    for (let r = Math.max(0, pt); r < Math.min(hp, pt + h); r++) {
      const from = ((b * h + r - pt) * w + s0 - pl) * c;
      const to = ((b * hp + r) * wp + s0) * cp;
      if (c === cp) padded.set(X.subarray(from, from + (s1 - s0) * c), to);
      else for (let s = 0; s < s1 - s0; s++) for (let ch = 0; ch < c; ch++) padded[to + s * cp + ch] = X[from + s * c + ch]!;
    }
}

/**
 * U[e][ch][o] = (G k[:, :, ch, o] G^T)[e] for a [3, 3, c, oc] kernel, zeros for the padding
 * channels up to cp, with G = [1 0 0; 1/2 1/2 1/2; 1/2 -1/2 1/2; 0 0 1] applied as the
 * interpolation it is (G v = v0, (v0 + v1 + v2)/2, (v0 - v1 + v2)/2, v2), in float64.
 */
function transformKernel(K: Float32Array, c: number, cp: number, oc: number, U: Float32Array): void {
  U.fill(0, 0, 16 * cp * oc);
  const gk = new Float64Array(12); // G k: 4 rows of 3
  for (let ch = 0; ch < c; ch++)
    for (let o = 0; o < oc; o++) {
      for (let q = 0; q < 3; q++) {
        const [k0, k1, k2] = [K[(q * c + ch) * oc + o]!, K[((3 + q) * c + ch) * oc + o]!, K[((6 + q) * c + ch) * oc + o]!];
        [gk[q], gk[3 + q], gk[6 + q], gk[9 + q]] = [k0, (k0 + k1 + k2) / 2, (k0 - k1 + k2) / 2, k2];
      }
      for (let a = 0; a < 4; a++) {
        const [r0, r1, r2] = [gk[3 * a]!, gk[3 * a + 1]!, gk[3 * a + 2]!];
        const at = (4 * a * cp + ch) * oc + o;
        const step = cp * oc;
        [U[at], U[at + step], U[at + 2 * step], U[at + 3 * step]] = [r0, (r0 + r1 + r2) / 2, (r0 - r1 + r2) / 2, r2];
      }
    }
}

/**
 * dk (+)= G^T dU G per channel pair, the kernel transform's adjoint: G^T w = w0 + (w1 + w2)/2,
 * (w1 - w2)/2, (w1 + w2)/2 + w3 along each axis, in float64.
 */
function gatherKernelGradient(dU: Float32Array, c: number, cp: number, oc: number, DK: Float32Array, accumulate: boolean): void {
  const t = new Float64Array(12); // dU G: 4 rows of 3
  const step = cp * oc;
  for (let ch = 0; ch < c; ch++)
    for (let o = 0; o < oc; o++) {
      for (let a = 0; a < 4; a++) {
        const at = (4 * a * cp + ch) * oc + o;
        const [w0, w1, w2, w3] = [dU[at]!, dU[at + step]!, dU[at + 2 * step]!, dU[at + 3 * step]!];
        [t[3 * a], t[3 * a + 1], t[3 * a + 2]] = [w0 + (w1 + w2) / 2, (w1 - w2) / 2, (w1 + w2) / 2 + w3];
      }
      for (let q = 0; q < 3; q++) {
        const [w0, w1, w2, w3] = [t[q]!, t[3 + q]!, t[6 + q]!, t[9 + q]!];
        const sums = [w0 + (w1 + w2) / 2, (w1 - w2) / 2, (w1 + w2) / 2 + w3];
        for (let p = 0; p < 3; p++) {
          const i = ((p * 3 + q) * c + ch) * oc + o;
          DK[i] = accumulate ? DK[i]! + sums[p]! : sums[p]!;
        }
      }
    }
}

/** V for image b: B^T d B of each of its tiles, tile row by tile row. */
function transformInput(wasm: WasmRuntime, g: WindowGeometry, space: WinogradSpace, b: number): void {
  const { th, tw, hp, wp, cp, tiles } = dims(g);
  const [padded, v] = [space.padded.byteOffset, space.v.byteOffset];
  for (let i = 0; i < th; i++)
    wasm.winogradInput(padded + (b * hp + 2 * i) * wp * cp * 4, v + i * tw * cp * 4, tw, cp * 4, wp * cp * 4, tiles * cp * 4);
}

/** y (+)= x convolved with k over g (winogradFits(g)); X, K and Y on the heap. */
export function convolveWinograd(
  wasm: WasmRuntime,
  X: Float32Array,
  K: Float32Array,
  Y: Float32Array,
  g: WindowGeometry,
  space: WinogradSpace,
  accumulate: boolean,
): void {
  const { n, c, oh, ow, oc } = g;
  const { th, tw, cp, tiles } = dims(g);
  const [vStride, mStride] = [tiles * cp * 4, tiles * oc * 4];
  // An odd output size goes through one image's even-sized output, whose valid part is copied.
  const even = oh % 2 === 0 && ow % 2 === 0;
  const [rowFloats, evenRowFloats] = [ow * oc, 2 * tw * oc];
  padInto(X, g, space.padded);
  transformKernel(K, c, cp, oc, space.u);
  const [u, v, m] = [space.u.byteOffset, space.v.byteOffset, space.m.byteOffset];
  for (let b = 0; b < n; b++) {
    transformInput(wasm, g, space, b);
    // The tiles past the last (up to 3, to fill a GEMM tile) hold stale values; their M rows are never read.
    for (let e = 0; e < 16; e++)
      for (let j = 0; j < oc; j += GEMM_NR)
        wasm.gemmPanelDirect(
          v + e * vStride,
          cp * 4,
          4,
          u + (e * cp * oc + j) * 4,
          oc * 4,
          m + e * mStride + j * 4,
          oc * 4,
          cp,
          0,
          tiles / GEMM_MR,
        );
    const out = even ? Y.byteOffset + b * oh * rowFloats * 4 : space.even.byteOffset;
    for (let i = 0; i < th; i++)
      wasm.winogradOutput(
        m + i * tw * oc * 4,
        out + 2 * i * evenRowFloats * 4,
        tw,
        oc * 4,
        mStride,
        evenRowFloats * 4,
        even && accumulate ? 1 : 0,
      );
    if (even) continue;
    for (let i = 0; i < oh; i++) {
      const [from, to] = [i * evenRowFloats, (b * oh + i) * rowFloats];
      if (accumulate) wasm.addRows(Y.byteOffset + to * 4, space.even.byteOffset + from * 4, Y.byteOffset + to * 4, 1, rowFloats * 4);
      else Y.set(space.even.subarray(from, from + rowFloats), to);
    }
  }
}

/**
 * dk (+)= the filter gradient of the convolution over g (winogradFits(g)), through the same
 * transforms run backwards: dM = A dy A^T per tile (the output transform's adjoint), then
 * dU[e] = sum over tiles of V[e]^T @ dM[e] (GEMMs over each image's tiles, added up across
 * images), then dk = G^T dU G per channel pair (the kernel transform's adjoint, in float64).
 */
export function filterGradientWinograd(
  wasm: WasmRuntime,
  X: Float32Array,
  DY: Float32Array,
  DK: Float32Array,
  g: WindowGeometry,
  space: WinogradSpace,
  accumulate: boolean,
): void {
  const { n, c, oh, ow, oc } = g;
  const { th, tw, cp, tiles } = dims(g);
  const [vStride, mStride] = [tiles * cp * 4, tiles * oc * 4];
  // An odd-sized dy is copied into one image's even-sized buffer, zeros in the extra row and column.
  const even = oh % 2 === 0 && ow % 2 === 0;
  const [rowFloats, evenRowFloats] = [ow * oc, 2 * tw * oc];
  padInto(X, g, space.padded);
  const dU = space.u;
  dU.fill(0, 0, 16 * cp * oc);
  if (!even) space.even.fill(0, 0, 2 * th * evenRowFloats);
  const [u, v, m] = [dU.byteOffset, space.v.byteOffset, space.m.byteOffset];
  for (let b = 0; b < n; b++) {
    transformInput(wasm, g, space, b);
    if (!even)
      for (let i = 0; i < oh; i++) space.even.set(DY.subarray((b * oh + i) * rowFloats, (b * oh + i + 1) * rowFloats), i * evenRowFloats);
    const dy = even ? DY.byteOffset + b * oh * rowFloats * 4 : space.even.byteOffset;
    for (let i = 0; i < th; i++)
      wasm.winogradOutputGrad(dy + 2 * i * evenRowFloats * 4, m + i * tw * oc * 4, tw, oc * 4, evenRowFloats * 4, mStride);
    // Only the image's own tiles are summed (k = its tile count), so stale rows past them never count.
    for (let e = 0; e < 16; e++)
      for (let j = 0; j < oc; j += GEMM_NR)
        wasm.gemmPanelDirect(
          v + e * vStride,
          4,
          cp * 4,
          m + e * mStride + j * 4,
          oc * 4,
          u + (e * cp * oc + j) * 4,
          oc * 4,
          th * tw,
          1,
          cp / GEMM_MR,
        );
  }
  gatherKernelGradient(dU, c, cp, oc, DK, accumulate);
}
