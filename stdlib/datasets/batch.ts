import { sizeOf } from "../../interpreter/backends/backend.ts";
import type { Dataset } from "./dataset.ts";

/**
 * Copies examples indices[start .. start+size) into the caller's batch buffers.
 * Plain index loops rather than subarray() so a training loop allocates nothing per batch.
 */
export function gatherBatch(
  ds: Dataset,
  indices: ArrayLike<number>,
  start: number,
  size: number,
  xOut: Float32Array,
  yOut: Float32Array,
): void {
  const featureSize = sizeOf(ds.featureShape);
  const labelSize = sizeOf(ds.labelShape);
  if (xOut.length < size * featureSize || yOut.length < size * labelSize) {
    throw new RangeError(`gatherBatch: buffers too small for a batch of ${size}`);
  }
  if (start < 0 || start + size > indices.length) {
    throw new RangeError(`gatherBatch: batch [${start}, ${start + size}) outside ${indices.length} indices`);
  }
  const { features, labels } = ds;
  for (let b = 0; b < size; b++) {
    const example = indices[start + b]!;
    const xFrom = example * featureSize;
    const xTo = b * featureSize;
    for (let i = 0; i < featureSize; i++) xOut[xTo + i] = features[xFrom + i]!;
    const yFrom = example * labelSize;
    const yTo = b * labelSize;
    for (let i = 0; i < labelSize; i++) yOut[yTo + i] = labels[yFrom + i]!;
  }
}
