// y[n, i, j, c] = x[n, floor(i / sh), floor(j / sw), c]: nearest-neighbour upsampling by `size`
// [sh, sw] (Keras UpSampling2D); upsample2d_grad [dy] -> dx sums each sh x sw block, honouring `accumulate`.
import type { CpuKernel } from "../kernel.ts";
import { boolAttr } from "../../shared/attrs.ts";
import { imageDims, pairAttr } from "../../shared/conv-geometry.ts";

/** Calls `visit(xIndex, yIndex)` for every element of y with the element of x it repeats. */
function forEachPair(
  kernel: string,
  x: readonly number[],
  y: readonly number[],
  [sh, sw]: [number, number],
  visit: (xAt: number, yAt: number) => void,
): void {
  const [n, h, w, c] = imageDims(kernel, x);
  const [yn, oh, ow, oc] = imageDims(kernel, y);
  if (yn !== n || oc !== c || oh !== h * sh || ow !== w * sw)
    throw new Error(`${kernel}: [${y}] is not [${x}] upsampled by [${sh}, ${sw}]`);
  for (let b = 0; b < n; b++) {
    for (let i = 0; i < oh; i++) {
      for (let j = 0; j < ow; j++) {
        const xRow = ((b * h + Math.floor(i / sh)) * w + Math.floor(j / sw)) * c;
        const yRow = ((b * oh + i) * ow + j) * c;
        for (let ch = 0; ch < c; ch++) visit(xRow + ch, yRow + ch);
      }
    }
  }
}

const upsample2d: CpuKernel = {
  run([x], [y], attrs) {
    const X = x!.data;
    const Y = y!.data;
    forEachPair("upsample2d", x!.shape, y!.shape, pairAttr(attrs, "size", 2), (xAt, yAt) => {
      Y[yAt] = X[xAt]!;
    });
  },
};

const upsample2dGrad: CpuKernel = {
  run([dy], [dx], attrs) {
    const DY = dy!.data;
    const DX = dx!.data;
    if (!boolAttr(attrs, "accumulate")) DX.fill(0);
    forEachPair("upsample2d_grad", dx!.shape, dy!.shape, pairAttr(attrs, "size", 2), (xAt, yAt) => {
      DX[xAt] = DX[xAt]! + DY[yAt]!;
    });
  },
};

export const upsampleKernels = { upsample2d, upsample2d_grad: upsample2dGrad };
