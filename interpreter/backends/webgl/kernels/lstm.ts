// lstm, gates i, f, c, o (Keras order): pre = x_t @ kernel + h_{t-1} @ recurrent_kernel + bias;
// i, f, o = sigmoid, c~ = act; c_t = f*c_{t-1} + i*c~; h_t = o*act(c_t); and backprop through
// time (cpu/kernels/lstm.ts has the formulas):
//   lstm      [x, kernel, recurrent_kernel, bias?] -> [y, hprev, gates, c]
//   lstm_bptt [dy, recurrent_kernel, hprev, gates, c] -> [dpre, dc]
// with act the `activation` attribute.
// Per step (recurrent-steps.ts): the gates, then c_t, then h_t into hprev's next step.
import { quotient } from "../quotient.ts";
import type { ProgramThis, WebglKernel } from "../program.ts";
import { logistic } from "./activations.ts";
import { inputFeatures, rnnDims } from "../../shared/rnn-dims.ts";
import { cellActivation, cellActivationCode, cellDerivative, cellFunctions, step } from "./recurrent-steps.ts";

/** gates [batch, time, 4*units] with step t's activated gates computed from x_t and hprev_t. */
function gatesSource(
  this: ProgramThis<"act" | "features" | "hasBias" | "time" | "units">,
  gates: number[],
  x: number[],
  kernel: number[],
  recurrent: number[],
  bias: number[],
  hprev: number[],
  t: number,
): number {
  const index = this.thread.x;
  const width = 4 * this.constants.units;
  const row = quotient(index, width);
  const g = index - row * width;
  const b = quotient(row, this.constants.time);
  if (row - b * this.constants.time !== t) return gates[index]!;
  let pre = 0;
  if (this.constants.hasBias === 1) pre = bias[g]!;
  for (let p = 0; p < this.constants.features; p++) pre += x[row * this.constants.features + p]! * kernel[p * width + g]!;
  if (t > 0) {
    for (let p = 0; p < this.constants.units; p++) pre += hprev[row * this.constants.units + p]! * recurrent[p * width + g]!;
  }
  if (quotient(g, this.constants.units) === 2) return cellActivation(pre, this.constants.act);
  return logistic(pre);
}

/** c with step t: f*c_{t-1} + i*c~. */
function cellSource(this: ProgramThis<"time" | "units">, c: number[], gates: number[], t: number): number {
  const index = this.thread.x;
  const row = quotient(index, this.constants.units);
  const j = index - row * this.constants.units;
  const b = quotient(row, this.constants.time);
  if (row - b * this.constants.time !== t) return c[index]!;
  const g = row * 4 * this.constants.units;
  let previous = 0;
  if (t > 0) previous = c[index - this.constants.units]!;
  return gates[g + this.constants.units + j]! * previous + gates[g + j]! * gates[g + 2 * this.constants.units + j]!;
}

/**
 * h_t = o*act(c_t) at step s of `which` 0: hprev (h_{s-1}, zero at s = 0), written at step t + 1 of
 * step t's launch; 1: y, every h_t or the last, from the final gates and c.
 */
function hiddenSource(
  this: ProgramThis<"act" | "sequences" | "time" | "units" | "which">,
  hprev: number[],
  gates: number[],
  c: number[],
  t: number,
): number {
  const index = this.thread.x;
  const row = quotient(index, this.constants.units);
  const j = index - row * this.constants.units;
  if (this.constants.which === 1) {
    let at = row;
    if (this.constants.sequences === 0) at = row * this.constants.time + this.constants.time - 1;
    return (
      gates[at * 4 * this.constants.units + 3 * this.constants.units + j]! *
      cellActivation(c[at * this.constants.units + j]!, this.constants.act)
    );
  }
  const b = quotient(row, this.constants.time);
  const s = row - b * this.constants.time;
  if (s === 0) return 0;
  if (s !== t + 1) return hprev[index]!;
  return (
    gates[(row - 1) * 4 * this.constants.units + 3 * this.constants.units + j]! *
    cellActivation(c[index - this.constants.units]!, this.constants.act)
  );
}

/**
 * Step t of backprop through time, for `which` 0: dpre [batch, time, 4*units]; 1: dc [batch, units]
 * (the cell gradient carried to step t - 1). dh and dcell are recomputed where needed.
 */
function bpttSource(
  this: ProgramThis<"act" | "sequences" | "time" | "units" | "which">,
  out: number[],
  dy: number[],
  recurrent: number[],
  gates: number[],
  c: number[],
  dpre: number[],
  dc: number[],
  t: number,
): number {
  const index = this.thread.x;
  const units = this.constants.units;
  let b = 0;
  let j = 0;
  let part = 0;
  if (this.constants.which === 1) {
    b = quotient(index, units);
    j = index - b * units;
  } else {
    const gateRow = quotient(index, 4 * units);
    b = quotient(gateRow, this.constants.time);
    if (gateRow - b * this.constants.time !== t) return out[index]!;
    const column = index - gateRow * 4 * units;
    part = quotient(column, units);
    j = column - part * units;
  }
  const row = b * this.constants.time + t;
  let dh = 0;
  if (this.constants.sequences === 1) dh = dy[row * units + j]!;
  else if (t === this.constants.time - 1) dh = dy[b * units + j]!;
  if (t < this.constants.time - 1) {
    for (let k = 0; k < 4 * units; k++) dh += dpre[(row + 1) * 4 * units + k]! * recurrent[j * 4 * units + k]!;
  }
  const g = row * 4 * units;
  const i = gates[g + j]!;
  const forget = gates[g + units + j]!;
  const candidate = gates[g + 2 * units + j]!;
  const o = gates[g + 3 * units + j]!;
  const cellAct = cellActivation(c[row * units + j]!, this.constants.act);
  let dcell = dh * o * cellDerivative(cellAct, this.constants.act);
  if (t < this.constants.time - 1) dcell += dc[b * units + j]!;
  if (this.constants.which === 1) return dcell * forget;
  if (part === 0) return dcell * candidate * i * (1 - i);
  if (part === 1) {
    let previous = 0;
    if (t > 0) previous = c[(row - 1) * units + j]!;
    return dcell * previous * forget * (1 - forget);
  }
  if (part === 2) return dcell * i * cellDerivative(candidate, this.constants.act);
  return dh * cellAct * o * (1 - o);
}

const name = "lstm";

export const lstmKernels: Record<"lstm" | "lstm_bptt", WebglKernel> = {
  lstm: {
    run(programs, [x, kernel, recurrent, bias], [y, hprev, gates, c], attrs) {
      const act = cellActivationCode(attrs);
      const dims = rnnDims(name, hprev!.shape, recurrent!.shape, 4, y!.shape);
      const features = inputFeatures(name, x!.shape, kernel!.shape, dims, 4);
      const { time, units } = dims;
      const sequences = dims.sequences ? 1 : 0;
      const gateSpec = {
        name: "lstm_gates",
        source: gatesSource,
        size: gates!.size,
        constants: { act, features, hasBias: bias ? 1 : 0, time, units },
        functions: cellFunctions,
      };
      const cellSpec = { name: "lstm_cell", source: cellSource, size: c!.size, constants: { time, units } };
      const hprevSpec = {
        name: "lstm_hidden",
        source: hiddenSource,
        size: hprev!.size,
        constants: { act, sequences, time, units, which: 0 },
        functions: cellFunctions,
      };
      for (let t = 0; t < time; t++) {
        step(programs, [[gates!, gateSpec, [gates!, x!, kernel!, recurrent!, bias ?? gates!, hprev!, t]]]);
        step(programs, [[c!, cellSpec, [c!, gates!, t]]]);
        step(programs, [[hprev!, hprevSpec, [hprev!, gates!, c!, t]]]);
      }
      const ySpec = {
        name: "lstm_hidden",
        source: hiddenSource,
        size: y!.size,
        constants: { act, sequences, time, units, which: 1 },
        functions: cellFunctions,
      };
      step(programs, [[y!, ySpec, [hprev!, gates!, c!, 0]]]);
    },
  },
  lstm_bptt: {
    run(programs, [dy, recurrent, hprev, gates, c], [dpre, dc], attrs) {
      const act = cellActivationCode(attrs);
      const dims = rnnDims(`${name}_bptt`, hprev!.shape, recurrent!.shape, 4, dy!.shape);
      const { time, units } = dims;
      const sequences = dims.sequences ? 1 : 0;
      const spec = (which: number, size: number) => ({
        name: "lstm_bptt_step",
        source: bpttSource,
        size,
        constants: { act, sequences, time, units, which },
        functions: cellFunctions,
      });
      for (let t = time - 1; t >= 0; t--) {
        const args = [dy!, recurrent!, gates!, c!, dpre!, dc!, t];
        step(programs, [
          [dpre!, spec(0, dpre!.size), [dpre!, ...args]],
          [dc!, spec(1, dc!.size), [dc!, ...args]],
        ]);
      }
    },
  },
};
