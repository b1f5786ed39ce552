// What the recurrent kernels (rnn.ts, lstm.ts, gru.ts) share. A recurrence runs one time step
// per program launch (a shader cannot wait for another thread's result): each launch writes
// the whole state tensor [batch, time, width], computing the values of step `t` (a float
// uniform, so one compiled program serves every step) and copying the rest from the texture it
// replaces. The cell activation is a constant: tanh 0, sigmoid 1, relu 2, linear 3, with its
// derivative from the output y, as cpu/kernels/rnn-activations.ts.
import { rnnActivations } from "../../cpu/kernels/rnn-activations.ts";
import type { Programs, ProgramSpec, ProgramArg, WebglTensor } from "../program.ts";
import { logistic, stableTanh } from "./activations.ts";

export const CELL_ACTIVATIONS = rnnActivations.map((activation) => activation.name);

export function cellActivation(x: number, act: number): number {
  if (act === 0) return stableTanh(x);
  if (act === 1) return logistic(x);
  if (act === 2) return Math.max(x, 0);
  return x;
}

export function cellDerivative(y: number, act: number): number {
  if (act === 0) return 1 - y * y;
  if (act === 1) return y * (1 - y);
  if (act === 2) {
    if (y > 0) return 1;
    return 0;
  }
  return 1;
}

/** The helpers every recurrent program may call. */
export const cellFunctions = [logistic, stableTanh, cellActivation, cellDerivative];

/** Sizes of a recurrent call, as cpu/kernels/rnn-dims.ts reads them; `sequences` when the output has every step. */
export function recurrentDims(name: string, hprev: WebglTensor, recurrent: WebglTensor, gates: number, output: WebglTensor): { batch: number; time: number; units: number; sequences: number } {
  const [batch, time, units] = hprev.shape;
  if (hprev.shape.length !== 3 || recurrent.shape[0] !== units || recurrent.shape[1] !== gates * units!) {
    throw new Error(`${name}: recurrent_kernel [${recurrent.shape}] does not fit states [${hprev.shape}]`);
  }
  const sequences = output.shape.length === 3;
  if (output.size !== batch! * units! * (sequences ? time! : 1)) {
    throw new Error(`${name}: output [${output.shape}] is neither [batch, time, units] nor [batch, units] of states [${hprev.shape}]`);
  }
  return { batch: batch!, time: time!, units: units!, sequences: sequences ? 1 : 0 };
}

/** Checks x [batch, time, features] and kernel [features, gates*units]; returns features. */
export function recurrentFeatures(name: string, x: WebglTensor, kernel: WebglTensor, dims: { batch: number; time: number; units: number }, gates: number): number {
  const features = x.shape[2]!;
  if (x.shape[0] !== dims.batch || x.shape[1] !== dims.time || kernel.shape[0] !== features || kernel.shape[1] !== gates * dims.units) {
    throw new Error(`${name}: input [${x.shape}] and kernel [${kernel.shape}] do not fit states [${dims.batch}, ${dims.time}, ${dims.units}]`);
  }
  return features;
}

/**
 * Launches every program of one step against the current textures, then makes them the
 * tensors' values, so each program of a step reads the state as the previous step left it.
 */
export function step(programs: Programs, launches: readonly [WebglTensor, ProgramSpec, readonly ProgramArg[]][]): void {
  const textures = launches.map(([, spec, args]) => programs.launch(spec, args));
  launches.forEach(([tensor], index) => programs.assign(tensor, textures[index]!));
}
