// y[n,i,j,o] = sum_{p,q,c} x[n, i*sh + p*dh - pt, j*sw + q*dw - pl, c] * k[p,q,c,o] (zeros outside x):
// cross-correlation over NHWC images with a [kh, kw, in, out] kernel (Keras), and its gradients
//   conv2d_grad_input  [dy, k] -> dx: dx[n, ih, iw, c] += sum_o dy[n,i,j,o] * k[p,q,c,o]
//   conv2d_grad_filter [x, dy] -> dk: dk[p,q,c,o]     += sum_{n,i,j} x[n, ih, iw, c] * dy[n,i,j,o]
// which honour `accumulate`. NWC inputs with a [k, in, out] kernel are conv1d (height 1).
// Each output pixel's receptive field is gathered into a patch row (im2col, one pixel or one
// block of pixels at a time), so the products are matrix products with eight running sums in
// locals: the kernel [kh*kw*in, out] is read row-major and nothing is stored in the inner loop.
import type { KernelAttrs, Shape } from "../../backend.ts";
import type { CpuKernel } from "../kernel.ts";
import { boolAttr } from "./attrs.ts";
import { windowGeometry, type WindowGeometry } from "./conv-geometry.ts";

/** Output pixels whose patches grad_filter gathers at once. */
const PIXEL_BLOCK = 32;

let scratchBuffer = new Float32Array(0);

/** A buffer of at least `size` floats, reused across calls (kernels run one at a time). */
function scratch(size: number): Float32Array {
  if (scratchBuffer.length < size) scratchBuffer = new Float32Array(size);
  return scratchBuffer;
}

function geometry(kernel: string, x: Shape, filter: Shape, y: Shape, attrs: KernelAttrs): WindowGeometry {
  const dims = filter.length === 3 ? [1, ...filter] : filter;
  if (dims.length !== 4) throw new Error(`${kernel}: expected a [kh, kw, in, out] kernel, got [${filter}]`);
  const g = windowGeometry(kernel, x, y, [dims[0]!, dims[1]!], attrs);
  if (dims[2] !== g.c || dims[3] !== g.oc) throw new Error(`${kernel}: kernel [${filter}] does not map [${x}] to [${y}]`);
  return g;
}

/** Index in x of tap (p, q) of output pixel `pix`, or -1 where the tap falls in the padding. */
function tapRow(g: WindowGeometry, pix: number, p: number, q: number): number {
  const j = pix % g.ow;
  const rest = (pix - j) / g.ow;
  const i = rest % g.oh;
  const b = (rest - i) / g.oh;
  const ih = i * g.sh + p * g.dh - g.pt;
  const iw = j * g.sw + q * g.dw - g.pl;
  return ih < 0 || ih >= g.h || iw < 0 || iw >= g.w ? -1 : ((b * g.h + ih) * g.w + iw) * g.c;
}

/** patch[at + r*stride] = the r-th value of pixel `pix`'s receptive field, r in [0, kh*kw*c). */
function gather(X: Float32Array, g: WindowGeometry, pix: number, patch: Float32Array, at: number, stride: number): void {
  let r = at;
  for (let p = 0; p < g.kh; p++) {
    for (let q = 0; q < g.kw; q++) {
      const row = tapRow(g, pix, p, q);
      if (row < 0) for (let ch = 0; ch < g.c; ch++, r += stride) patch[r] = 0;
      else for (let ch = 0; ch < g.c; ch++, r += stride) patch[r] = X[row + ch]!;
    }
  }
}

/** dx[receptive field of `pix`] += patch: the inverse of gather. */
function scatterAdd(DX: Float32Array, g: WindowGeometry, pix: number, patch: Float32Array): void {
  let r = 0;
  for (let p = 0; p < g.kh; p++) {
    for (let q = 0; q < g.kw; q++) {
      const row = tapRow(g, pix, p, q);
      if (row < 0) r += g.c;
      else for (let ch = 0; ch < g.c; ch++, r++) DX[row + ch] = DX[row + ch]! + patch[r]!;
    }
  }
}

const conv2dKernel: CpuKernel = {
  name: "conv2d",
  run([x, k], [y], attrs) {
    const g = geometry("conv2d", x!.shape, k!.shape, y!.shape, attrs);
    const K = k!.data;
    const Y = y!.data;
    const { oc } = g;
    const rows = g.kh * g.kw * g.c;
    const patch = scratch(rows);
    for (let pix = 0; pix < g.n * g.oh * g.ow; pix++) {
      gather(x!.data, g, pix, patch, 0, 1);
      const yRow = pix * oc;
      let o = 0;
      for (; o + 8 <= oc; o += 8) {
        let s0 = 0, s1 = 0, s2 = 0, s3 = 0, s4 = 0, s5 = 0, s6 = 0, s7 = 0;
        for (let r = 0, at = o; r < rows; r++, at += oc) {
          const v = patch[r]!;
          s0 += v * K[at]!; s1 += v * K[at + 1]!; s2 += v * K[at + 2]!; s3 += v * K[at + 3]!;
          s4 += v * K[at + 4]!; s5 += v * K[at + 5]!; s6 += v * K[at + 6]!; s7 += v * K[at + 7]!;
        }
        Y[yRow + o] = s0; Y[yRow + o + 1] = s1; Y[yRow + o + 2] = s2; Y[yRow + o + 3] = s3;
        Y[yRow + o + 4] = s4; Y[yRow + o + 5] = s5; Y[yRow + o + 6] = s6; Y[yRow + o + 7] = s7;
      }
      for (; o < oc; o++) {
        let sum = 0;
        for (let r = 0; r < rows; r++) sum += patch[r]! * K[r * oc + o]!;
        Y[yRow + o] = sum;
      }
    }
  },
};

const conv2dGradInputKernel: CpuKernel = {
  name: "conv2d_grad_input",
  run([dy, k], [dx], attrs) {
    const g = geometry("conv2d_grad_input", dx!.shape, k!.shape, dy!.shape, attrs);
    const DY = dy!.data;
    const K = k!.data;
    const { oc } = g;
    const rows = g.kh * g.kw * g.c;
    const patch = scratch(rows);
    if (!boolAttr(attrs, "accumulate")) dx!.data.fill(0);
    for (let pix = 0; pix < g.n * g.oh * g.ow; pix++) {
      const yRow = pix * oc;
      // patch[r] = dy[pix, :] . k[r, :], four kernel rows at a time.
      let r = 0;
      for (; r + 4 <= rows; r += 4) {
        const k0 = r * oc;
        let s0 = 0, s1 = 0, s2 = 0, s3 = 0;
        for (let o = 0; o < oc; o++) {
          const d = DY[yRow + o]!;
          s0 += d * K[k0 + o]!; s1 += d * K[k0 + oc + o]!; s2 += d * K[k0 + 2 * oc + o]!; s3 += d * K[k0 + 3 * oc + o]!;
        }
        patch[r] = s0; patch[r + 1] = s1; patch[r + 2] = s2; patch[r + 3] = s3;
      }
      for (; r < rows; r++) {
        let sum = 0;
        for (let o = 0; o < oc; o++) sum += DY[yRow + o]! * K[r * oc + o]!;
        patch[r] = sum;
      }
      scatterAdd(dx!.data, g, pix, patch);
    }
  },
};

const conv2dGradFilterKernel: CpuKernel = {
  name: "conv2d_grad_filter",
  run([x, dy], [dk], attrs) {
    const g = geometry("conv2d_grad_filter", x!.shape, dk!.shape, dy!.shape, attrs);
    const DY = dy!.data;
    const DK = dk!.data;
    const { oc } = g;
    const rows = g.kh * g.kw * g.c;
    const pixels = g.n * g.oh * g.ow;
    // patches[r * PIXEL_BLOCK + b]: the block's patches, transposed so each row r is contiguous.
    const patches = scratch(rows * PIXEL_BLOCK);
    if (!boolAttr(attrs, "accumulate")) DK.fill(0);
    for (let first = 0; first < pixels; first += PIXEL_BLOCK) {
      const count = Math.min(PIXEL_BLOCK, pixels - first);
      for (let b = 0; b < count; b++) gather(x!.data, g, first + b, patches, b, PIXEL_BLOCK);
      for (let r = 0; r < rows; r++) {
        const pRow = r * PIXEL_BLOCK;
        const kRow = r * oc;
        let o = 0;
        for (; o + 8 <= oc; o += 8) {
          let s0 = 0, s1 = 0, s2 = 0, s3 = 0, s4 = 0, s5 = 0, s6 = 0, s7 = 0;
          for (let b = 0, at = first * oc + o; b < count; b++, at += oc) {
            const v = patches[pRow + b]!;
            s0 += v * DY[at]!; s1 += v * DY[at + 1]!; s2 += v * DY[at + 2]!; s3 += v * DY[at + 3]!;
            s4 += v * DY[at + 4]!; s5 += v * DY[at + 5]!; s6 += v * DY[at + 6]!; s7 += v * DY[at + 7]!;
          }
          const at = kRow + o;
          DK[at] = DK[at]! + s0; DK[at + 1] = DK[at + 1]! + s1; DK[at + 2] = DK[at + 2]! + s2; DK[at + 3] = DK[at + 3]! + s3;
          DK[at + 4] = DK[at + 4]! + s4; DK[at + 5] = DK[at + 5]! + s5; DK[at + 6] = DK[at + 6]! + s6; DK[at + 7] = DK[at + 7]! + s7;
        }
        for (; o < oc; o++) {
          let sum = 0;
          for (let b = 0; b < count; b++) sum += patches[pRow + b]! * DY[(first + b) * oc + o]!;
          DK[kRow + o] = DK[kRow + o]! + sum;
        }
      }
    }
  },
};

export const convKernels: readonly CpuKernel[] = [conv2dKernel, conv2dGradInputKernel, conv2dGradFilterKernel];
