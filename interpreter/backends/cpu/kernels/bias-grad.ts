// db[j] (+)= sum over rows of dy[row, j], where db has n values and dy is read as
// [size / n, n]: the gradient of a bias (or any operand broadcast over leading axes). With n a
// multiple of 4 and both on the wasm heap, a SIMD kernel sums four columns at a time, adding the
// rows in the same order, so with the same bits.
import type { CpuKernel } from "../kernel.ts";
import { boolAttr } from "../../shared/attrs.ts";

export const biasGradKernel: CpuKernel = {
  run([dy], [db], attrs, wasm) {
    const dys = dy!.data;
    const dbs = db!.data;
    const n = dbs.length;
    if (dys.length % n !== 0) throw new Error(`bias_grad: [${dy!.shape}] does not end in ${n} values`);
    if (!boolAttr(attrs, "accumulate")) dbs.fill(0);
    if (wasm && n % 4 === 0 && wasm.holds(dys, dbs)) {
      wasm.columnSums(dys.byteOffset, dbs.byteOffset, dys.length / n, n * 4);
      return;
    }
    for (let start = 0; start < dys.length; start += n) {
      for (let j = 0; j < n; j++) dbs[j] = dbs[j]! + dys[start + j]!;
    }
  },
};
