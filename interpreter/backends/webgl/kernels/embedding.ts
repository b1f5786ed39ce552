// embedding [indices, embeddings] -> y: y[i, :] = embeddings[index[i], :];
// embedding_grad [indices, dy] -> dEmbeddings: row r (+)= the sum of dy[i, :] over every i with
// index[i] = r (cpu/kernels/embedding.ts). WebGL1 cannot scatter, so each gradient value
// gathers over all indices. An index that is not an integer in [0, input_dim) gives a row of
// NaN (so the loss, and training stops on it): naming it, as the CPU backend does, would need
// a read back in the middle of a step.
import { boolAttr } from "../../shared/attrs.ts";
import type { ProgramThis, WebglKernel, WebglTensor } from "../program.ts";
import { quotient } from "../quotient.ts";

function dims(kernel: string, indices: WebglTensor, table: WebglTensor, rows: WebglTensor): [number, number] {
  const [inputDim, outputDim] = table.shape;
  if (table.shape.length !== 2 || rows.size !== indices.size * outputDim!) {
    throw new Error(`${kernel}: indices [${indices.shape}] and embeddings [${table.shape}] do not give [${rows.shape}]`);
  }
  return [inputDim!, outputDim!];
}

/** `nan` is a NaN uniform (GLSL has no NaN literal). */
function embeddingSource(this: ProgramThis<"inputDim" | "outputDim">, indices: number[], table: number[], nan: number): number {
  const t = this.thread.x;
  const i = quotient(t, this.constants.outputDim);
  const d = t - i * this.constants.outputDim;
  const index = indices[i]!;
  if (index < 0 || index >= this.constants.inputDim || Math.floor(index) !== index) return nan;
  return table[index * this.constants.outputDim + d]!;
}

function embeddingGradSource(
  this: ProgramThis<"accumulate" | "count" | "outputDim">,
  grads: number[],
  indices: number[],
  dy: number[],
): number {
  const t = this.thread.x;
  const r = quotient(t, this.constants.outputDim);
  const d = t - r * this.constants.outputDim;
  let total = 0;
  for (let i = 0; i < this.constants.count; i++) {
    if (indices[i] === r) total += dy[i * this.constants.outputDim + d]!;
  }
  if (this.constants.accumulate === 1) return grads[t]! + total;
  return total;
}

export const embeddingKernels: Record<"embedding" | "embedding_grad", WebglKernel> = {
  embedding: {
    run(programs, [indices, table], [y]) {
      const [inputDim, outputDim] = dims("embedding", indices!, table!, y!);
      programs.assign(
        y!,
        programs.launch({ name: "embedding", source: embeddingSource, size: y!.size, constants: { inputDim, outputDim } }, [
          indices!,
          table!,
          NaN,
        ]),
      );
    },
  },
  embedding_grad: {
    run(programs, [indices, dy], [grads], attrs) {
      const [, outputDim] = dims("embedding_grad", indices!, grads!, dy!);
      const constants = { outputDim, count: indices!.size, accumulate: boolAttr(attrs, "accumulate") ? 1 : 0 };
      programs.assign(
        grads!,
        programs.launch({ name: "embedding_grad", source: embeddingGradSource, size: grads!.size, constants }, [grads!, indices!, dy!]),
      );
    },
  },
};
