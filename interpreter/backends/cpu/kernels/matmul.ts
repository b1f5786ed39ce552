// C = op(A) @ op(B), where op transposes when `transposeA` / `transposeB` is set, so backward
// passes need no transposed copies. Every input is read as a matrix [size / last, last], so
// a rank-3 [batch, time, features] input is a [batch*time, features] matrix (Dense on
// sequences). `accumulate` adds into C. The work is done by the blocked GEMM in matmul-gemm.ts;
// matmul-reference.ts keeps the plain loops it is tested against.
import type { CpuKernel } from "../kernel.ts";
import { boolAttr, lastDim } from "../../shared/attrs.ts";
import { gemm } from "./matmul-gemm.ts";

export const matmulKernel: CpuKernel = {
  run([a, b], [c], attrs, wasm) {
    const transposeA = boolAttr(attrs, "transposeA");
    const transposeB = boolAttr(attrs, "transposeB");
    const aCols = lastDim(a!.shape);
    const bCols = lastDim(b!.shape);
    const n = lastDim(c!.shape);
    const m = c!.data.length / n;
    const k = transposeA ? a!.data.length / aCols : aCols;
    if ((transposeA ? aCols : a!.data.length / aCols) !== m || (transposeB ? bCols : b!.data.length / bCols) !== k) {
      throw new Error(`matmul: shapes [${a!.shape}] x [${b!.shape}] -> [${c!.shape}] do not agree`);
    }
    if ((transposeB ? b!.data.length / bCols : bCols) !== n) {
      throw new Error(`matmul: shapes [${a!.shape}] x [${b!.shape}] -> [${c!.shape}] do not agree`);
    }
    const A = a!.data;
    const B = b!.data;
    const C = c!.data;
    gemm(wasm, A, B, C, m, n, k, transposeA, transposeB, boolAttr(attrs, "accumulate"));
  },
};
