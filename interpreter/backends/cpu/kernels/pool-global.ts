// Global pooling over every position of [n, positions…, c] into [n, c]:
//   global_avgpool: y[b,c] = mean over positions; global_maxpool: y[b,c] = max over positions;
// gradients global_avgpool_grad [dy] -> dx = dy / positions and global_maxpool_grad [x, dy] -> dx
// (dy to the first maximum), which honour `accumulate`.
import type { CpuArray, CpuKernel } from "../kernel.ts";
import { boolAttr } from "../../shared/attrs.ts";

/** [n, positions, c] of x given y [n, c]. */
function dims(kernel: string, x: CpuArray, y: CpuArray): [number, number, number] {
  const [n, c] = y.shape;
  if (y.shape.length !== 2 || x.shape[0] !== n || x.shape.at(-1) !== c)
    throw new Error(`${kernel}: cannot pool [${x.shape}] into [${y.shape}]`);
  return [n!, x.data.length / (n! * c!), c!];
}

/** Index in x of the first maximum of channel ch of example b. */
function argmax(X: Float32Array, b: number, ch: number, positions: number, c: number): number {
  let best = b * positions * c + ch;
  for (let p = 1; p < positions; p++) {
    const index = (b * positions + p) * c + ch;
    if (X[index]! > X[best]!) best = index;
  }
  return best;
}

const globalAvgpool: CpuKernel = {
  run([x], [y], _attrs, wasm) {
    const [n, positions, c] = dims("global_avgpool", x!, y!);
    const X = x!.data;
    const Y = y!.data;
    Y.fill(0);
    if (wasm && c % 4 === 0 && wasm.holds(X, Y)) {
      // Each example's positions summed as rows, in order, four channels at a time: the same bits.
      for (let b = 0; b < n; b++) wasm.columnSums(X.byteOffset + b * positions * c * 4, Y.byteOffset + b * c * 4, positions, c * 4);
    } else {
      for (let b = 0; b < n; b++) {
        for (let p = 0; p < positions; p++) {
          const row = (b * positions + p) * c;
          for (let ch = 0; ch < c; ch++) Y[b * c + ch] = Y[b * c + ch]! + X[row + ch]!;
        }
      }
    }
    for (let i = 0; i < Y.length; i++) Y[i] = Y[i]! / positions;
  },
};

const globalAvgpoolGrad: CpuKernel = {
  run([dy], [dx], attrs, wasm) {
    const [n, positions, c] = dims("global_avgpool_grad", dx!, dy!);
    const accumulate = boolAttr(attrs, "accumulate");
    // Each example's share per channel, dy / positions rounded to float32, then added to (or
    // written into) every position: the SIMD rows and the loop round alike.
    const onHeap = wasm && c % 4 === 0 && wasm.holds(dx!.data, dy!.data);
    const shares = onHeap ? wasm.scratch("global-avgpool-shares", n * c) : new Float32Array(n * c);
    const DY = dy!.data;
    const DX = dx!.data;
    for (let i = 0; i < n * c; i++) shares[i] = DY[i]! / positions;
    if (onHeap) {
      if (!accumulate) DX.fill(0);
      for (let b = 0; b < n; b++) {
        const at = DX.byteOffset + b * positions * c * 4;
        wasm.addRows(at, shares.byteOffset + b * c * 4, at, positions, c * 4);
      }
      return;
    }
    for (let b = 0; b < n; b++) {
      for (let p = 0; p < positions; p++) {
        const row = (b * positions + p) * c;
        for (let ch = 0; ch < c; ch++) DX[row + ch] = accumulate ? DX[row + ch]! + shares[b * c + ch]! : shares[b * c + ch]!;
      }
    }
  },
};

const globalMaxpool: CpuKernel = {
  run([x], [y]) {
    const [n, positions, c] = dims("global_maxpool", x!, y!);
    const X = x!.data;
    const Y = y!.data;
    for (let b = 0; b < n; b++) for (let ch = 0; ch < c; ch++) Y[b * c + ch] = X[argmax(X, b, ch, positions, c)]!;
  },
};

const globalMaxpoolGrad: CpuKernel = {
  run([x, dy], [dx], attrs) {
    const [n, positions, c] = dims("global_maxpool_grad", x!, dy!);
    const X = x!.data;
    const DY = dy!.data;
    const DX = dx!.data;
    if (!boolAttr(attrs, "accumulate")) DX.fill(0);
    for (let b = 0; b < n; b++) {
      for (let ch = 0; ch < c; ch++) {
        const best = argmax(X, b, ch, positions, c);
        DX[best] = DX[best]! + DY[b * c + ch]!;
      }
    }
  },
};

export const globalPoolKernels = {
  global_avgpool: globalAvgpool,
  global_avgpool_grad: globalAvgpoolGrad,
  global_maxpool: globalMaxpool,
  global_maxpool_grad: globalMaxpoolGrad,
};
