// What the recurrent kernels (rnn.ts, lstm.ts, gru.ts) share. A recurrence runs one time step
// per program launch (a shader cannot wait for another thread's result): each launch writes
// the whole state tensor [batch, time, width], computing the values of step `t` (a float
// uniform, so one compiled program serves every step) and copying the rest from the texture it
// replaces. The cell activation (the kernels' `activation` attribute) is a constant: tanh 0,
// sigmoid 1, relu 2, linear 3, with its derivative from the output y, as cpu/kernels/rnn-activations.ts.
import type { KernelAttrs } from "../../backend.ts";
import type { RecurrentActivation } from "../../kernel-names.ts";
import { recurrentActivationAttr } from "../../shared/attrs.ts";
import type { Programs, ProgramSpec, ProgramArg, WebglTensor } from "../program.ts";
import { logistic, stableTanh } from "./activations.ts";

const CELL_ACTIVATION_CODES: Readonly<Record<RecurrentActivation, number>> = { tanh: 0, sigmoid: 1, relu: 2, linear: 3 };

/** The program constant for the cell activation a recurrent kernel call names. */
export function cellActivationCode(attrs: KernelAttrs): number {
  return CELL_ACTIVATION_CODES[recurrentActivationAttr(attrs)];
}

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

/**
 * Launches every program of one step against the current textures, then makes them the
 * tensors' values, so each program of a step reads the state as the previous step left it.
 */
export function step(programs: Programs, launches: readonly [WebglTensor, ProgramSpec, readonly ProgramArg[]][]): void {
  const textures = launches.map(([, spec, args]) => programs.launch(spec, args));
  launches.forEach(([tensor], index) => programs.assign(tensor, textures[index]!));
}
