// y[n, i + top, j + left, c] = x[n, i, j, c], zeros around (Keras ZeroPadding2D; `pad` [top, left],
// the output shape fixes bottom and right); pad2d_grad [dy] -> dx crops dy back, honouring `accumulate`.
import type { CpuKernel } from "../kernel.ts";
import { boolAttr } from "../../shared/attrs.ts";
import { imageDims, pairAttr } from "../../shared/conv-geometry.ts";

/** Calls `copy(xRowStart, yRowStart, length)` for every row of x inside y. */
function forEachRow(
  kernel: string,
  x: readonly number[],
  y: readonly number[],
  [top, left]: [number, number],
  copy: (xAt: number, yAt: number, length: number) => void,
): void {
  const [n, h, w, c] = imageDims(kernel, x);
  const [yn, oh, ow, oc] = imageDims(kernel, y);
  if (yn !== n || oc !== c || top + h > oh || left + w > ow)
    throw new Error(`${kernel}: [${x}] does not fit in [${y}] at [${top}, ${left}]`);
  for (let b = 0; b < n; b++) for (let i = 0; i < h; i++) copy((b * h + i) * w * c, ((b * oh + i + top) * ow + left) * c, w * c);
}

const pad2d: CpuKernel = {
  run([x], [y], attrs) {
    const X = x!.data;
    const Y = y!.data;
    Y.fill(0);
    forEachRow("pad2d", x!.shape, y!.shape, pairAttr(attrs, "pad", 0), (xAt, yAt, length) => Y.set(X.subarray(xAt, xAt + length), yAt));
  },
};

const pad2dGrad: CpuKernel = {
  run([dy], [dx], attrs) {
    const DY = dy!.data;
    const DX = dx!.data;
    const accumulate = boolAttr(attrs, "accumulate");
    forEachRow("pad2d_grad", dx!.shape, dy!.shape, pairAttr(attrs, "pad", 0), (xAt, yAt, length) => {
      if (!accumulate) return DX.set(DY.subarray(yAt, yAt + length), xAt);
      for (let k = 0; k < length; k++) DX[xAt + k] = DX[xAt + k]! + DY[yAt + k]!;
    });
  },
};

export const padKernels = { pad2d, pad2d_grad: pad2dGrad };
