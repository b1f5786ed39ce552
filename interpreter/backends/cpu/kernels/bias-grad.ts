// db[j] (+)= sum over rows of dy[row, j], where db has n values and dy is read as
// [size / n, n]: the gradient of a bias (or any operand broadcast over leading axes).
import type { CpuKernel } from "../kernel.ts";
import { boolAttr } from "../../shared/attrs.ts";

export const biasGradKernel: CpuKernel = {
  run([dy], [db], attrs) {
    const dys = dy!.data;
    const dbs = db!.data;
    const n = dbs.length;
    if (dys.length % n !== 0) throw new Error(`bias_grad: [${dy!.shape}] does not end in ${n} values`);
    if (!boolAttr(attrs, "accumulate")) dbs.fill(0);
    for (let start = 0; start < dys.length; start += n) {
      for (let j = 0; j < n; j++) dbs[j] = dbs[j]! + dys[start + j]!;
    }
  },
};
