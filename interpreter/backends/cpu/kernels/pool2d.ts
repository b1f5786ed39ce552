// Windowed pooling over NHWC (or NWC) images, window `pool` [ph, pw], `strides`, `pad` [top, left]:
//   maxpool2d: y = max of the window's elements inside x (padding ignored);
//   avgpool2d: y = their sum / their count (padding not counted, as TensorFlow);
// and gradients maxpool2d_grad [x, dy] -> dx (dy to the window's first maximum) and
// avgpool2d_grad [dy] -> dx (dy / count to each element), which honour `accumulate`.
import type { KernelAttrs, Shape } from "../../backend.ts";
import type { CpuKernel } from "../kernel.ts";
import { boolAttr } from "./attrs.ts";
import { pairAttr, windowGeometry, type WindowGeometry } from "./conv-geometry.ts";

function geometry(kernel: string, x: Shape, y: Shape, attrs: KernelAttrs): WindowGeometry {
  const g = windowGeometry(kernel, x, y, pairAttr(attrs, "pool", 2), attrs);
  if (g.oc !== g.c) throw new Error(`${kernel}: [${x}] and [${y}] have different channels`);
  return g;
}

/** One output element's window clipped to x: its first element, its rows and columns, x's row stride. */
type Visit = (yIndex: number, xBase: number, rows: number, cols: number, rowStride: number) => void;

/** Visits every output element (channels included) with its window clipped to x. */
function forEachWindow(g: WindowGeometry, visit: Visit): void {
  const { n, h, w, c, oh, ow, kh, kw, sh, sw, pt, pl } = g;
  for (let b = 0; b < n; b++) {
    for (let i = 0; i < oh; i++) {
      const top = Math.max(i * sh - pt, 0);
      const rows = Math.min(i * sh - pt + kh, h) - top;
      for (let j = 0; j < ow; j++) {
        const left = Math.max(j * sw - pl, 0);
        const cols = Math.min(j * sw - pl + kw, w) - left;
        const yRow = ((b * oh + i) * ow + j) * c;
        const xBase = ((b * h + top) * w + left) * c;
        for (let ch = 0; ch < c; ch++) visit(yRow + ch, xBase + ch, rows, cols, w * c);
      }
    }
  }
}

/** Index in x of the first maximum of the window starting at xBase (-1 for an empty window). */
function argmax(X: Float32Array, xBase: number, rows: number, cols: number, rowStride: number, c: number): number {
  let best = -1;
  let max = -Infinity;
  for (let r = 0; r < rows; r++) {
    for (let col = 0; col < cols; col++) {
      const index = xBase + r * rowStride + col * c;
      if (X[index]! > max) {
        max = X[index]!;
        best = index;
      }
    }
  }
  return best;
}

const maxpool: CpuKernel = {
  name: "maxpool2d",
  run([x], [y], attrs) {
    const g = geometry("maxpool2d", x!.shape, y!.shape, attrs);
    const X = x!.data;
    const Y = y!.data;
    forEachWindow(g, (yIndex, xBase, rows, cols, rowStride) => {
      const best = argmax(X, xBase, rows, cols, rowStride, g.c);
      Y[yIndex] = best < 0 ? 0 : X[best]!;
    });
  },
};

const maxpoolGrad: CpuKernel = {
  name: "maxpool2d_grad",
  run([x, dy], [dx], attrs) {
    const g = geometry("maxpool2d_grad", x!.shape, dy!.shape, attrs);
    const X = x!.data;
    const DY = dy!.data;
    const DX = dx!.data;
    if (!boolAttr(attrs, "accumulate")) DX.fill(0);
    forEachWindow(g, (yIndex, xBase, rows, cols, rowStride) => {
      const best = argmax(X, xBase, rows, cols, rowStride, g.c);
      if (best >= 0) DX[best] = DX[best]! + DY[yIndex]!;
    });
  },
};

const avgpool: CpuKernel = {
  name: "avgpool2d",
  run([x], [y], attrs) {
    const g = geometry("avgpool2d", x!.shape, y!.shape, attrs);
    const X = x!.data;
    const Y = y!.data;
    forEachWindow(g, (yIndex, xBase, rows, cols, rowStride) => {
      let sum = 0;
      for (let r = 0; r < rows; r++) for (let col = 0; col < cols; col++) sum += X[xBase + r * rowStride + col * g.c]!;
      Y[yIndex] = rows > 0 && cols > 0 ? sum / (rows * cols) : 0;
    });
  },
};

const avgpoolGrad: CpuKernel = {
  name: "avgpool2d_grad",
  run([dy], [dx], attrs) {
    const g = geometry("avgpool2d_grad", dx!.shape, dy!.shape, attrs);
    const DY = dy!.data;
    const DX = dx!.data;
    if (!boolAttr(attrs, "accumulate")) DX.fill(0);
    forEachWindow(g, (yIndex, xBase, rows, cols, rowStride) => {
      const share = DY[yIndex]! / (rows * cols);
      for (let r = 0; r < rows; r++) {
        for (let col = 0; col < cols; col++) {
          const index = xBase + r * rowStride + col * g.c;
          DX[index] = DX[index]! + share;
        }
      }
    });
  },
};

export const poolKernels: readonly CpuKernel[] = [maxpool, maxpoolGrad, avgpool, avgpoolGrad];
