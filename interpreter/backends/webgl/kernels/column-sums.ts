// Per-column sums over the rows of [size / n, n] tensors (cpu/kernels/bias-grad.ts and
// norm-scale-grad.ts), in two passes (chunks.ts), honouring `accumulate`:
//   bias_grad       [dy]        -> db[j]     (+)= sum over rows of dy[row, j]
//   norm_scale_grad [dy, xhat]  -> dgamma[j] (+)= sum over rows of dy[row, j] * xhat[row, j]
import { boolAttr } from "../../shared/attrs.ts";
import { launchScratch, type GpuTexture, type Programs, type ProgramThis, type WebglKernel, type WebglTensor } from "../program.ts";
import { chunksOf, finishSum } from "./chunks.ts";
import { quotient } from "../quotient.ts";

/** `x` is `dy` itself for bias_grad, so one program serves both. */
function columnSumSource(this: ProgramThis<"chunk" | "chunks" | "n" | "product" | "rows">, dy: number[], x: number[]): number {
  const t = this.thread.x;
  const j = quotient(t, this.constants.chunks);
  const c = t - j * this.constants.chunks;
  let partial = 0;
  for (let q = 0; q < this.constants.chunk; q++) {
    const row = c * this.constants.chunk + q;
    if (row < this.constants.rows) {
      const at = row * this.constants.n + j;
      if (this.constants.product === 1) partial += dy[at]! * x[at]!;
      else partial += dy[at]!;
    }
  }
  return partial;
}

/** sum over the rows of dy[row, j] (times x[row, j] with `x`) for each of the n columns (+ addend). */
export function columnSums(
  programs: Programs,
  dy: WebglTensor,
  n: number,
  x: WebglTensor | undefined,
  addend: WebglTensor | undefined,
): GpuTexture {
  const rows = dy.size / n;
  const chunks = chunksOf(rows);
  const constants = { n, rows, product: x ? 1 : 0, ...chunks };
  const partials = launchScratch(programs, { name: "column_sums", source: columnSumSource, size: n * chunks.chunks, constants }, [
    dy,
    x ?? dy,
  ]);
  return finishSum(programs, partials, n, chunks.chunks, { addend });
}

function columnSumsKernel(name: string, product: boolean): WebglKernel {
  return {
    run(programs, inputs, [out], attrs) {
      const dy = inputs[0]!;
      const x = product ? inputs[1]! : undefined;
      const n = out!.size;
      if (dy.size % n !== 0 || (x && x.size !== dy.size)) throw new Error(`${name}: [${dy.shape}] does not end in ${n} values`);
      programs.assign(out!, columnSums(programs, dy, n, x, boolAttr(attrs, "accumulate") ? out! : undefined));
    },
  };
}

export const biasGradKernel = columnSumsKernel("bias_grad", false);
export const normScaleGradKernel = columnSumsKernel("norm_scale_grad", true);
