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

/** Whether F(2x2, 3x3) computes this convolution: 3x3, stride 1, no dilation, even output, channels in whole vectors and GEMM panels. */
export function winogradFits(g: WindowGeometry): boolean {
  return (
    g.kh === 3 &&
    g.kw === 3 &&
    g.sh === 1 &&
    g.sw === 1 &&
    g.dh === 1 &&
    g.dw === 1 &&
    g.oh % 2 === 0 &&
    g.ow % 2 === 0 &&
    g.c % 4 === 0 &&
    g.oc % GEMM_NR === 0
  );
}

/** The scratch buffers: the padded input, U, and one image's V and M (its tile count rounded up to whole GEMM tiles). */
export interface WinogradSpace {
  padded: Float32Array;
  u: Float32Array;
  v: Float32Array;
  m: Float32Array;
}

const tilesPerImage = (g: WindowGeometry) => Math.ceil(((g.oh / 2) * (g.ow / 2)) / GEMM_MR) * GEMM_MR;

/**
 * Takes the scratch buffers, before any tensor's view is read: growing the heap re-creates
 * every view, so all four are reserved first and their views taken after.
 */
export function winogradSpace(wasm: WasmRuntime, g: WindowGeometry): WinogradSpace {
  const sizes = [g.n * (g.oh + 2) * (g.ow + 2) * g.c, 16 * g.c * g.oc, 16 * tilesPerImage(g) * g.c, 16 * tilesPerImage(g) * g.oc];
  const names = ["winograd-padded", "winograd-u", "winograd-v", "winograd-m"];
  names.forEach((name, i) => wasm.scratch(name, sizes[i]!));
  const [padded, u, v, m] = names.map((name, i) => wasm.scratch(name, sizes[i]!)) as [
    Float32Array,
    Float32Array,
    Float32Array,
    Float32Array,
  ];
  return { padded, u, v, m };
}

/** padded[b, r, s, :] = x[b, r - pt, s - pl, :] over (oh + 2) x (ow + 2), zeros outside x. */
function padInto(X: Float32Array, g: WindowGeometry, padded: Float32Array): void {
  const { n, h, w, c, pt, pl } = g;
  const [hp, wp] = [g.oh + 2, g.ow + 2];
  padded.fill(0, 0, n * hp * wp * c);
  const [s0, s1] = [Math.max(0, pl), Math.min(wp, pl + w)];
  if (s1 <= s0) return;
  for (let b = 0; b < n; b++)
    for (let r = Math.max(0, pt); r < Math.min(hp, pt + h); r++) {
      const from = ((b * h + r - pt) * w + s0 - pl) * c;
      padded.set(X.subarray(from, from + (s1 - s0) * c), ((b * hp + r) * wp + s0) * c);
    }
}

/** G's rows: the kernel transform's interpolation weights. */
const G = [
  [1, 0, 0],
  [0.5, 0.5, 0.5],
  [0.5, -0.5, 0.5],
  [0, 0, 1],
] as const;

/** U[e][ch][o] = (G k[:, :, ch, o] G^T)[e] for a [3, 3, c, oc] kernel. */
function transformKernel(K: Float32Array, c: number, oc: number, U: Float32Array): void {
  const gk = new Float64Array(12);
  for (let ch = 0; ch < c; ch++)
    for (let o = 0; o < oc; o++) {
      const at = (p: number, q: number) => K[((p * 3 + q) * c + ch) * oc + o]!;
      for (let a = 0; a < 4; a++)
        for (let q = 0; q < 3; q++) gk[a * 3 + q] = G[a]![0] * at(0, q) + G[a]![1] * at(1, q) + G[a]![2] * at(2, q);
      for (let a = 0; a < 4; a++)
        for (let b = 0; b < 4; b++)
          U[((a * 4 + b) * c + ch) * oc + o] = gk[a * 3]! * G[b]![0] + gk[a * 3 + 1]! * G[b]![1] + gk[a * 3 + 2]! * G[b]![2];
    }
}

/** V for image b: B^T d B of each of its tiles, tile row by tile row. */
function transformInput(wasm: WasmRuntime, g: WindowGeometry, space: WinogradSpace, b: number): void {
  const { c, oh, ow } = g;
  const [hp, wp, tw] = [oh + 2, ow + 2, ow / 2];
  const [padded, v] = [space.padded.byteOffset, space.v.byteOffset];
  for (let i = 0; i < oh / 2; i++)
    wasm.winogradInput(padded + (b * hp + 2 * i) * wp * c * 4, v + i * tw * c * 4, tw, c * 4, wp * c * 4, tilesPerImage(g) * c * 4);
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
  const tiles = tilesPerImage(g);
  const [vStride, mStride] = [tiles * c * 4, tiles * oc * 4];
  padInto(X, g, space.padded);
  transformKernel(K, c, oc, space.u);
  const [u, v, m] = [space.u.byteOffset, space.v.byteOffset, space.m.byteOffset];
  for (let b = 0; b < n; b++) {
    transformInput(wasm, g, space, b);
    // The tiles past the last (up to 3, to fill a GEMM tile) hold stale values; their M rows are never read.
    for (let e = 0; e < 16; e++)
      for (let j = 0; j < oc; j += GEMM_NR)
        wasm.gemmPanelDirect(
          v + e * vStride,
          c * 4,
          4,
          u + (e * c * oc + j) * 4,
          oc * 4,
          m + e * mStride + j * 4,
          oc * 4,
          c,
          0,
          tiles / GEMM_MR,
        );
    for (let i = 0; i < oh / 2; i++)
      wasm.winogradOutput(
        m + (i * ow * oc * 4) / 2,
        Y.byteOffset + (b * oh + 2 * i) * ow * oc * 4,
        ow / 2,
        oc * 4,
        mStride,
        ow * oc * 4,
        accumulate ? 1 : 0,
      );
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
  const tiles = tilesPerImage(g);
  const [vStride, mStride] = [tiles * c * 4, tiles * oc * 4];
  padInto(X, g, space.padded);
  const dU = space.u;
  dU.fill(0, 0, 16 * c * oc);
  const [u, v, m] = [dU.byteOffset, space.v.byteOffset, space.m.byteOffset];
  for (let b = 0; b < n; b++) {
    transformInput(wasm, g, space, b);
    for (let i = 0; i < oh / 2; i++)
      wasm.winogradOutputGrad(
        DY.byteOffset + (b * oh + 2 * i) * ow * oc * 4,
        m + (i * ow * oc * 4) / 2,
        ow / 2,
        oc * 4,
        ow * oc * 4,
        mStride,
      );
    // Only the image's own tiles are summed (k = its tile count), so stale rows past them never count.
    for (let e = 0; e < 16; e++)
      for (let j = 0; j < oc; j += GEMM_NR)
        wasm.gemmPanelDirect(
          v + e * vStride,
          4,
          c * 4,
          m + e * mStride + j * 4,
          oc * 4,
          u + (e * c * oc + j) * 4,
          oc * 4,
          (oh * ow) / 4,
          1,
          c / GEMM_MR,
        );
  }
  for (let ch = 0; ch < c; ch++)
    for (let o = 0; o < oc; o++) {
      const at = (e: number) => dU[(e * c + ch) * oc + o]!;
      for (let p = 0; p < 3; p++)
        for (let q = 0; q < 3; q++) {
          let sum = 0;
          for (let a = 0; a < 4; a++) for (let b = 0; b < 4; b++) sum += G[a]![p]! * at(a * 4 + b) * G[b]![q]!;
          const i = ((p * 3 + q) * c + ch) * oc + o;
          DK[i] = accumulate ? DK[i]! + sum : sum;
        }
    }
}
