// embedding: y[i, :] = embeddings[index[i], :] for every index i of the (float32-stored) integer
// input; embedding_grad: dEmbeddings[index[i], :] (+)= dy[i, :], rows of repeated indices add up.
// An index that is not an integer in [0, input_dim) throws an InputValueError naming it and the
// range, which the interpreter reports on the statement that ran the model.
import { InputValueError } from "../../backend.ts";
import type { CpuArray, CpuKernel } from "../kernel.ts";
import { boolAttr } from "../../shared/attrs.ts";

/** The row of `embeddings` that the index at `position` selects, or an Error saying why none does. */
function row(indices: Float32Array, position: number, inputDim: number): number {
  const index = indices[position]!;
  if (!Number.isInteger(index) || index < 0 || index >= inputDim) {
    throw new InputValueError(
      `embedding: index ${index} at position ${position} of the input is not an integer in [0, ${inputDim}) (0 to ${inputDim - 1})`,
    );
  }
  return index;
}

function dims(kernel: string, indices: CpuArray, table: CpuArray, rows: CpuArray): [number, number] {
  const [inputDim, outputDim] = table.shape;
  if (table.shape.length !== 2 || rows.data.length !== indices.data.length * outputDim!) {
    throw new Error(`${kernel}: indices [${indices.shape}] and embeddings [${table.shape}] do not give [${rows.shape}]`);
  }
  return [inputDim!, outputDim!];
}

export const embeddingKernel: CpuKernel = {
  run([indices, embeddings], [y]) {
    const [inputDim, outputDim] = dims("embedding", indices!, embeddings!, y!);
    const table = embeddings!.data;
    for (let i = 0; i < indices!.data.length; i++) {
      const start = row(indices!.data, i, inputDim) * outputDim;
      y!.data.set(table.subarray(start, start + outputDim), i * outputDim);
    }
  },
};

export const embeddingGradKernel: CpuKernel = {
  run([indices, dy], [dEmbeddings], attrs) {
    const [inputDim, outputDim] = dims("embedding_grad", indices!, dEmbeddings!, dy!);
    const grads = dEmbeddings!.data;
    const dys = dy!.data;
    if (!boolAttr(attrs, "accumulate")) grads.fill(0);
    for (let i = 0; i < indices!.data.length; i++) {
      const start = row(indices!.data, i, inputDim) * outputDim;
      for (let j = 0; j < outputDim; j++) grads[start + j] = grads[start + j]! + dys[i * outputDim + j]!;
    }
  },
};

export const embeddingKernels = { embedding: embeddingKernel, embedding_grad: embeddingGradKernel };
