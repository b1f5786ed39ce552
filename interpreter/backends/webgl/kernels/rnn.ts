// simple_rnn: h_t = f(x_t @ kernel + h_{t-1} @ recurrent_kernel + bias), h_0 = 0, and backprop
// through time dpre_t = (dy_t + dpre_{t+1} @ recurrent_kernel^T) * f'(h_t) (cpu/kernels/rnn.ts):
//   simple_rnn      [x, kernel, recurrent_kernel, bias?] -> [y, hprev, h]
//   simple_rnn_bptt [dy, recurrent_kernel, hprev, h] -> [dpre]
// with f the `activation` attribute.
// One launch per step (recurrent-steps.ts).
import { quotient } from "../quotient.ts";
import type { ProgramThis, WebglKernel } from "../program.ts";
import { inputFeatures, rnnDims } from "../../shared/rnn-dims.ts";
import { cellActivation, cellActivationCode, cellDerivative, cellFunctions, step } from "./recurrent-steps.ts";

type Dims = "act" | "features" | "hasBias" | "time" | "units";

/** h with step t computed; `bias` is unread without one. */
function rnnStepSource(
  this: ProgramThis<Dims>,
  h: number[],
  x: number[],
  kernel: number[],
  recurrent: number[],
  bias: number[],
  t: number,
): number {
  const index = this.thread.x;
  const row = quotient(index, this.constants.units);
  const j = index - row * this.constants.units;
  const b = quotient(row, this.constants.time);
  if (row - b * this.constants.time !== t) return h[index]!;
  let pre = 0;
  if (this.constants.hasBias === 1) pre = bias[j]!;
  for (let p = 0; p < this.constants.features; p++)
    pre += x[(b * this.constants.time + t) * this.constants.features + p]! * kernel[p * this.constants.units + j]!;
  if (t > 0) {
    for (let p = 0; p < this.constants.units; p++)
      pre += h[(row - 1) * this.constants.units + p]! * recurrent[p * this.constants.units + j]!;
  }
  return cellActivation(pre, this.constants.act);
}

/** hprev (`which` 0: h_{t-1}, zero at t = 0) or y (1: every h_t, or the last). */
function rnnOutputSource(this: ProgramThis<"sequences" | "time" | "units" | "which">, h: number[]): number {
  const index = this.thread.x;
  const row = quotient(index, this.constants.units);
  const j = index - row * this.constants.units;
  if (this.constants.which === 1) {
    if (this.constants.sequences === 1) return h[index]!;
    return h[(row * this.constants.time + this.constants.time - 1) * this.constants.units + j]!;
  }
  const b = quotient(row, this.constants.time);
  if (row - b * this.constants.time === 0) return 0;
  return h[index - this.constants.units]!;
}

function rnnBpttSource(
  this: ProgramThis<"act" | "sequences" | "time" | "units">,
  dpre: number[],
  dy: number[],
  recurrent: number[],
  h: number[],
  t: number,
): number {
  const index = this.thread.x;
  const row = quotient(index, this.constants.units);
  const j = index - row * this.constants.units;
  const b = quotient(row, this.constants.time);
  if (row - b * this.constants.time !== t) return dpre[index]!;
  let dh = 0;
  if (this.constants.sequences === 1) dh = dy[index]!;
  else if (t === this.constants.time - 1) dh = dy[b * this.constants.units + j]!;
  if (t < this.constants.time - 1) {
    for (let k = 0; k < this.constants.units; k++)
      dh += dpre[(row + 1) * this.constants.units + k]! * recurrent[j * this.constants.units + k]!;
  }
  return dh * cellDerivative(h[index]!, this.constants.act);
}

const name = "simple_rnn";

export const simpleRnnKernels: Record<"simple_rnn" | "simple_rnn_bptt", WebglKernel> = {
  simple_rnn: {
    run(programs, [x, kernel, recurrent, bias], [y, hprev, h], attrs) {
      const act = cellActivationCode(attrs);
      const dims = rnnDims(name, hprev!.shape, recurrent!.shape, 1, y!.shape);
      const features = inputFeatures(name, x!.shape, kernel!.shape, dims, 1);
      const constants = { act, features, hasBias: bias ? 1 : 0, time: dims.time, units: dims.units };
      const spec = { name: "simple_rnn_step", source: rnnStepSource, size: h!.size, constants, functions: cellFunctions };
      for (let t = 0; t < dims.time; t++) step(programs, [[h!, spec, [h!, x!, kernel!, recurrent!, bias ?? h!, t]]]);
      const outputs = { sequences: dims.sequences ? 1 : 0, time: dims.time, units: dims.units };
      step(programs, [
        [hprev!, { name: "simple_rnn_output", source: rnnOutputSource, size: hprev!.size, constants: { ...outputs, which: 0 } }, [h!]],
        [y!, { name: "simple_rnn_output", source: rnnOutputSource, size: y!.size, constants: { ...outputs, which: 1 } }, [h!]],
      ]);
    },
  },
  simple_rnn_bptt: {
    run(programs, [dy, recurrent, hprev, h], [dpre], attrs) {
      const act = cellActivationCode(attrs);
      const dims = rnnDims(`${name}_bptt`, hprev!.shape, recurrent!.shape, 1, dy!.shape);
      const constants = { act, sequences: dims.sequences ? 1 : 0, time: dims.time, units: dims.units };
      const spec = { name: "simple_rnn_bptt_step", source: rnnBpttSource, size: dpre!.size, constants, functions: cellFunctions };
      for (let t = dims.time - 1; t >= 0; t--) step(programs, [[dpre!, spec, [dpre!, dy!, recurrent!, h!, t]]]);
    },
  },
};
