// C = op(A) @ op(B) with `transposeA` / `transposeB`, every input read as a matrix
// [size / last, last], `accumulate` adding into C (cpu/kernels/matmul.ts). The inner
// dimension is summed in two passes (chunks.ts).
import { boolAttr, lastDim } from "../../shared/attrs.ts";
import { launchScratch, type ProgramThis, type WebglKernel } from "../program.ts";
import { chunksOf, finishSum } from "./chunks.ts";
import { quotient } from "../quotient.ts";

/** The partial sum of chunk c of C[i, j]'s products, A[i, p] at i*aRow + p*aCol, B[p, j] at p*bRow + j*bCol. */
function matmulSource(
  this: ProgramThis<"aCol" | "aRow" | "bCol" | "bRow" | "chunk" | "chunks" | "k" | "n">,
  a: number[],
  b: number[],
): number {
  const t = this.thread.x;
  const index = quotient(t, this.constants.chunks);
  const c = t - index * this.constants.chunks;
  const i = quotient(index, this.constants.n);
  const j = index - i * this.constants.n;
  let partial = 0;
  for (let q = 0; q < this.constants.chunk; q++) {
    const p = c * this.constants.chunk + q;
    if (p < this.constants.k)
      partial += a[i * this.constants.aRow + p * this.constants.aCol]! * b[p * this.constants.bRow + j * this.constants.bCol]!;
  }
  return partial;
}

export const matmulKernel: WebglKernel = {
  run(programs, [a, b], [c], attrs) {
    const transposeA = boolAttr(attrs, "transposeA");
    const transposeB = boolAttr(attrs, "transposeB");
    const aCols = lastDim(a!.shape);
    const bCols = lastDim(b!.shape);
    const n = lastDim(c!.shape);
    const m = c!.size / n;
    const k = transposeA ? a!.size / aCols : aCols;
    const agrees =
      (transposeA ? aCols : a!.size / aCols) === m &&
      (transposeB ? bCols : b!.size / bCols) === k &&
      (transposeB ? b!.size / bCols : bCols) === n;
    if (!agrees) throw new Error(`matmul: shapes [${a!.shape}] x [${b!.shape}] -> [${c!.shape}] do not agree`);
    const chunks = chunksOf(k);
    const constants = {
      n,
      k,
      aRow: transposeA ? 1 : k,
      aCol: transposeA ? m : 1,
      bRow: transposeB ? 1 : n,
      bCol: transposeB ? k : 1,
      ...chunks,
    };
    const partials = launchScratch(programs, { name: "matmul", source: matmulSource, size: c!.size * chunks.chunks, constants }, [a!, b!]);
    programs.assign(c!, finishSum(programs, partials, c!.size, chunks.chunks, { addend: boolAttr(attrs, "accumulate") ? c! : undefined }));
  },
};
