// Sizes of a recurrent kernel call: x [batch, time, features], kernel [features, gates*units],
// recurrent_kernel [units, gates*units], and the saved previous states hprev [batch, time, units].
import type { CpuArray } from "../kernel.ts";

export interface RnnDims {
  readonly batch: number;
  readonly time: number;
  readonly units: number;
  /** Whether y holds every step [batch, time, units] rather than the last [batch, units]. */
  readonly sequences: boolean;
}

/** Reads the sizes from hprev and the recurrent kernel; `output` (y or dy) is every step when it has rank 3. */
export function rnnDims(name: string, hprev: CpuArray, recurrentKernel: CpuArray, gates: number, output: CpuArray): RnnDims {
  const [batch, time, units] = hprev.shape;
  if (hprev.shape.length !== 3 || recurrentKernel.shape[0] !== units || recurrentKernel.shape[1] !== gates * units!) {
    throw new Error(`${name}: recurrent_kernel [${recurrentKernel.shape}] does not fit states [${hprev.shape}]`);
  }
  const sequences = output.shape.length === 3;
  if (output.data.length !== batch! * units! * (sequences ? time! : 1)) {
    throw new Error(`${name}: output [${output.shape}] is neither [batch, time, units] nor [batch, units] of states [${hprev.shape}]`);
  }
  return { batch: batch!, time: time!, units: units!, sequences };
}

/** Checks x [batch, time, features] and kernel [features, gates*units]; returns features. */
export function inputFeatures(name: string, x: CpuArray, kernel: CpuArray, dims: RnnDims, gates: number): number {
  const features = x.shape[2]!;
  if (x.shape[0] !== dims.batch || x.shape[1] !== dims.time || kernel.shape[0] !== features || kernel.shape[1] !== gates * dims.units) {
    throw new Error(`${name}: input [${x.shape}] and kernel [${kernel.shape}] do not fit states [${dims.batch}, ${dims.time}, ${dims.units}]`);
  }
  return features;
}

/** Where step t of example b starts in y (and dy), or -1 when only the last step is output and t is not it. */
export function outputRow({ time, units, sequences }: RnnDims, b: number, t: number): number {
  if (sequences) return (b * time + t) * units;
  return t === time - 1 ? b * units : -1;
}
