// Sizes of a recurrent kernel call: x [batch, time, features], kernel [features, gates*units],
// recurrent_kernel [units, gates*units], and the saved previous states hprev [batch, time, units].
// Read from shapes, so every backend checks a call the same way.
import { sizeOf, type Shape } from "../backend.ts";

export interface RnnDims {
  readonly batch: number;
  readonly time: number;
  readonly units: number;
  /** Whether y holds every step [batch, time, units] rather than the last [batch, units]. */
  readonly sequences: boolean;
}

/** Reads the sizes from hprev and the recurrent kernel; `output` (y or dy) is every step when it has rank 3. */
export function rnnDims(name: string, hprev: Shape, recurrentKernel: Shape, gates: number, output: Shape): RnnDims {
  const [batch, time, units] = hprev;
  if (hprev.length !== 3 || recurrentKernel[0] !== units || recurrentKernel[1] !== gates * units!) {
    throw new Error(`${name}: recurrent_kernel [${recurrentKernel}] does not fit states [${hprev}]`);
  }
  const sequences = output.length === 3;
  if (sizeOf(output) !== batch! * units! * (sequences ? time! : 1)) {
    throw new Error(`${name}: output [${output}] is neither [batch, time, units] nor [batch, units] of states [${hprev}]`);
  }
  return { batch: batch!, time: time!, units: units!, sequences };
}

/** Checks x [batch, time, features] and kernel [features, gates*units]; returns features. */
export function inputFeatures(name: string, x: Shape, kernel: Shape, dims: RnnDims, gates: number): number {
  const features = x[2]!;
  if (x[0] !== dims.batch || x[1] !== dims.time || kernel[0] !== features || kernel[1] !== gates * dims.units) {
    throw new Error(`${name}: input [${x}] and kernel [${kernel}] do not fit states [${dims.batch}, ${dims.time}, ${dims.units}]`);
  }
  return features;
}

/** Where step t of example b starts in y (and dy), or -1 when only the last step is output and t is not it. */
export function outputRow({ time, units, sequences }: RnnDims, b: number, t: number): number {
  if (sequences) return (b * time + t) * units;
  return t === time - 1 ? b * units : -1;
}
