// gru, reset_after, gates z, r, h (Keras order), bias [2, 3*units]: mx = x_t @ kernel + bias[0],
// mh = h_{t-1} @ recurrent_kernel + bias[1]; z = sigmoid(mx_z + mh_z), r = sigmoid(mx_r + mh_r),
// hh = act(mx_h + r*mh_h); h_t = z*h_{t-1} + (1-z)*hh; and backprop through time
// (cpu/kernels/gru.ts has the formulas):
//   gru      [x, kernel, recurrent_kernel, bias?] -> [y, hprev, gates, mh]
//   gru_bptt [dy, recurrent_kernel, hprev, gates, mh] -> [dmx, dmh, dh]
// with act the `activation` attribute.
// Per step (recurrent-steps.ts): mh, then the gates, then h_t into hprev's next step.
import { quotient } from "../quotient.ts";
import type { ProgramThis, WebglKernel } from "../program.ts";
import { logistic } from "./activations.ts";
import { inputFeatures, rnnDims } from "../../shared/rnn-dims.ts";
import { cellActivation, cellActivationCode, cellDerivative, cellFunctions, step } from "./recurrent-steps.ts";

/** mh [batch, time, 3*units] with step t's h_{t-1} @ recurrent_kernel + bias[1]. */
function mhSource(
  this: ProgramThis<"hasBias" | "time" | "units" | "width">,
  mh: number[],
  recurrent: number[],
  bias: number[],
  hprev: number[],
  t: number,
): number {
  const index = this.thread.x;
  const row = quotient(index, this.constants.width);
  const g = index - row * this.constants.width;
  const b = quotient(row, this.constants.time);
  if (row - b * this.constants.time !== t) return mh[index]!;
  let total = 0;
  if (this.constants.hasBias === 1) total = bias[this.constants.width + g]!;
  if (t > 0) {
    for (let p = 0; p < this.constants.units; p++)
      total += hprev[row * this.constants.units + p]! * recurrent[p * this.constants.width + g]!;
  }
  return total;
}

/** gates [batch, time, 3*units] with step t's activated z, r, hh (r recomputed for hh). */
function gatesSource(
  this: ProgramThis<"act" | "features" | "hasBias" | "time" | "units" | "width">,
  gates: number[],
  x: number[],
  kernel: number[],
  bias: number[],
  mh: number[],
  t: number,
): number {
  const index = this.thread.x;
  const row = quotient(index, this.constants.width);
  const g = index - row * this.constants.width;
  const b = quotient(row, this.constants.time);
  if (row - b * this.constants.time !== t) return gates[index]!;
  const part = quotient(g, this.constants.units);
  const j = g - part * this.constants.units;
  let mx = 0;
  let mxReset = 0;
  if (this.constants.hasBias === 1) {
    mx = bias[g]!;
    mxReset = bias[this.constants.units + j]!;
  }
  for (let p = 0; p < this.constants.features; p++) {
    const xp = x[row * this.constants.features + p]!;
    mx += xp * kernel[p * this.constants.width + g]!;
    mxReset += xp * kernel[p * this.constants.width + this.constants.units + j]!;
  }
  const m = row * this.constants.width;
  if (part < 2) return logistic(mx + mh[m + g]!);
  const r = logistic(mxReset + mh[m + this.constants.units + j]!);
  return cellActivation(mx + r * mh[m + g]!, this.constants.act);
}

/**
 * h_t = z*h_{t-1} + (1-z)*hh at step s of `which` 0: hprev (h_{s-1}, zero at s = 0), written at
 * step t + 1 of step t's launch; 1: y, every h_t or the last, from the final gates and hprev.
 */
function hiddenSource(this: ProgramThis<"sequences" | "time" | "units" | "which">, hprev: number[], gates: number[], t: number): number {
  const index = this.thread.x;
  const units = this.constants.units;
  const row = quotient(index, units);
  const j = index - row * units;
  let at = row - 1;
  if (this.constants.which === 1) {
    at = row;
    if (this.constants.sequences === 0) at = row * this.constants.time + this.constants.time - 1;
  } else {
    const b = quotient(row, this.constants.time);
    const s = row - b * this.constants.time;
    if (s === 0) return 0;
    if (s !== t + 1) return hprev[index]!;
  }
  const z = gates[at * 3 * units + j]!;
  let previous = 0;
  if (at - quotient(at, this.constants.time) * this.constants.time > 0) previous = hprev[at * units + j]!;
  return z * previous + (1 - z) * gates[at * 3 * units + 2 * units + j]!;
}

/**
 * Step t of backprop through time, for `which` 0: dmx, 1: dmh (both [batch, time, 3*units]),
 * 2: dh [batch, units] (the state gradient carried to step t - 1). d is recomputed where needed.
 */
function bpttSource(
  this: ProgramThis<"act" | "sequences" | "time" | "units" | "which">,
  out: number[],
  dy: number[],
  recurrent: number[],
  hprev: number[],
  gates: number[],
  mh: number[],
  dmh: number[],
  dh: number[],
  t: number,
): number {
  const index = this.thread.x;
  const units = this.constants.units;
  const width = 3 * units;
  let b = 0;
  let j = 0;
  let part = 0;
  if (this.constants.which === 2) {
    b = quotient(index, units);
    j = index - b * units;
  } else {
    const gateRow = quotient(index, width);
    b = quotient(gateRow, this.constants.time);
    if (gateRow - b * this.constants.time !== t) return out[index]!;
    const column = index - gateRow * width;
    part = quotient(column, units);
    j = column - part * units;
  }
  const row = b * this.constants.time + t;
  let d = 0;
  if (this.constants.sequences === 1) d = dy[row * units + j]!;
  else if (t === this.constants.time - 1) d = dy[b * units + j]!;
  if (t < this.constants.time - 1) {
    d += dh[b * units + j]! * gates[(row + 1) * width + j]!;
    for (let k = 0; k < width; k++) d += dmh[(row + 1) * width + k]! * recurrent[j * width + k]!;
  }
  if (this.constants.which === 2) return d;
  const g = row * width;
  const z = gates[g + j]!;
  const r = gates[g + units + j]!;
  const hh = gates[g + 2 * units + j]!;
  if (part === 0) return d * (hprev[row * units + j]! - hh) * z * (1 - z);
  const dhh = d * (1 - z) * cellDerivative(hh, this.constants.act);
  if (part === 1) return dhh * mh[g + 2 * units + j]! * r * (1 - r);
  if (this.constants.which === 1) return dhh * r;
  return dhh;
}

const name = "gru";

export const gruKernels: Record<"gru" | "gru_bptt", WebglKernel> = {
  gru: {
    run(programs, [x, kernel, recurrent, bias], [y, hprev, gates, mh], attrs) {
      const act = cellActivationCode(attrs);
      const dims = rnnDims(name, hprev!.shape, recurrent!.shape, 3, y!.shape);
      const features = inputFeatures(name, x!.shape, kernel!.shape, dims, 3);
      const { time, units } = dims;
      const sequences = dims.sequences ? 1 : 0;
      const shared = { hasBias: bias ? 1 : 0, time, units, width: 3 * units };
      const mhSpec = { name: "gru_mh", source: mhSource, size: mh!.size, constants: shared };
      const gateSpec = {
        name: "gru_gates",
        source: gatesSource,
        size: gates!.size,
        constants: { ...shared, act, features },
        functions: cellFunctions,
      };
      const hidden = (which: number, size: number) => ({
        name: "gru_hidden",
        source: hiddenSource,
        size,
        constants: { sequences, time, units, which },
      });
      for (let t = 0; t < time; t++) {
        step(programs, [[mh!, mhSpec, [mh!, recurrent!, bias ?? mh!, hprev!, t]]]);
        step(programs, [[gates!, gateSpec, [gates!, x!, kernel!, bias ?? gates!, mh!, t]]]);
        step(programs, [[hprev!, hidden(0, hprev!.size), [hprev!, gates!, t]]]);
      }
      step(programs, [[y!, hidden(1, y!.size), [hprev!, gates!, 0]]]);
    },
  },
  gru_bptt: {
    run(programs, [dy, recurrent, hprev, gates, mh], [dmx, dmh, dh], attrs) {
      const act = cellActivationCode(attrs);
      const dims = rnnDims(`${name}_bptt`, hprev!.shape, recurrent!.shape, 3, dy!.shape);
      const { time, units } = dims;
      const sequences = dims.sequences ? 1 : 0;
      const spec = (which: number, size: number) => ({
        name: "gru_bptt_step",
        source: bpttSource,
        size,
        constants: { act, sequences, time, units, which },
        functions: cellFunctions,
      });
      for (let t = time - 1; t >= 0; t--) {
        const args = [dy!, recurrent!, hprev!, gates!, mh!, dmh!, dh!, t];
        step(programs, [
          [dmx!, spec(0, dmx!.size), [dmx!, ...args]],
          [dmh!, spec(1, dmh!.size), [dmh!, ...args]],
          [dh!, spec(2, dh!.size), [dh!, ...args]],
        ]);
      }
    },
  },
};
