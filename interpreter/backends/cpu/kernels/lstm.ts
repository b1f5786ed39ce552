// lstm, gates i, f, c, o (Keras order): pre = x_t @ kernel + h_{t-1} @ recurrent_kernel + bias;
//   i, f, o = sigmoid, c~ = act; c_t = f*c_{t-1} + i*c~; h_t = o*act(c_t); h_0 = c_0 = 0.
// Backprop through time: dh_t = dy_t + dpre_{t+1} @ recurrent_kernel^T,
//   dc_t = dh_t*o*act'(act(c_t)) + dc_{t+1}*f_{t+1}, dpre = (dc*c~*i', dc*c_{t-1}*f', dc*i*act'(c~), dh*act(c_t)*o').
// `lstm` (act the `activation` attribute): [x, kernel, recurrent_kernel, bias?] -> [y, hprev, gates, c],
// saving h_{t-1} [batch, time, units], the activated gates [batch, time, 4*units] and c_t [batch, time, units].
// `lstm_bptt`: [dy, recurrent_kernel, hprev, gates, c] -> [dpre [batch, time, 4*units],
// dc [batch, units] (work: the cell gradient carried back)]; weight gradients are matmuls of dpre.
import type { CpuKernel } from "../kernel.ts";
import { sigmoid } from "./math.ts";
import { rnnActivation } from "./rnn-activations.ts";
import { inputFeatures, outputRow, rnnDims } from "../../shared/rnn-dims.ts";
import { addVecMat, dotRow, setRow } from "./rnn-vecmat.ts";

const name = "lstm";

const forward: CpuKernel = {
  run([x, kernel, recurrent, bias], [y, hprev, gates, c], attrs) {
    const { f } = rnnActivation(attrs);
    const dims = rnnDims(name, hprev!.shape, recurrent!.shape, 4, y!.shape);
    const features = inputFeatures(name, x!.shape, kernel!.shape, dims, 4);
    const { batch, time, units } = dims;
    const [xs, ys, hp, gs, cs] = [x!.data, y!.data, hprev!.data, gates!.data, c!.data];
    for (let b = 0; b < batch; b++) {
      hp.fill(0, b * time * units, (b * time + 1) * units);
      for (let t = 0; t < time; t++) {
        const step = b * time + t;
        const row = step * units;
        const g = 4 * row;
        setRow(gs, g, 4 * units, bias?.data, 0);
        addVecMat(gs, g, xs, step * features, kernel!, 0, 4 * units);
        addVecMat(gs, g, hp, row, recurrent!, 0, 4 * units);
        const out = outputRow(dims, b, t);
        for (let j = 0; j < units; j++) {
          const i = (gs[g + j] = sigmoid(gs[g + j]!));
          const forget = (gs[g + units + j] = sigmoid(gs[g + units + j]!));
          const candidate = (gs[g + 2 * units + j] = f(gs[g + 2 * units + j]!));
          const o = (gs[g + 3 * units + j] = sigmoid(gs[g + 3 * units + j]!));
          const cell = (cs[row + j] = forget * (t === 0 ? 0 : cs[row - units + j]!) + i * candidate);
          const hNew = o * f(cell);
          if (t < time - 1) hp[row + units + j] = hNew;
          if (out >= 0) ys[out + j] = hNew;
        }
      }
    }
  },
};

const bptt: CpuKernel = {
  run([dy, recurrent, hprev, gates, c], [dpre, dc], attrs) {
    const { f, df } = rnnActivation(attrs);
    const dims = rnnDims(`${name}_bptt`, hprev!.shape, recurrent!.shape, 4, dy!.shape);
    const { batch, time, units } = dims;
    const [dys, gs, cs, dps, dcs] = [dy!.data, gates!.data, c!.data, dpre!.data, dc!.data];
    for (let b = 0; b < batch; b++) {
      for (let t = time - 1; t >= 0; t--) {
        const row = (b * time + t) * units;
        const g = 4 * row;
        const out = outputRow(dims, b, t);
        for (let j = 0; j < units; j++) {
          let dh = out >= 0 ? dys[out + j]! : 0;
          if (t < time - 1) dh += dotRow(dps, g + 4 * units, recurrent!, j);
          const i = gs[g + j]!;
          const forget = gs[g + units + j]!;
          const candidate = gs[g + 2 * units + j]!;
          const o = gs[g + 3 * units + j]!;
          const cellAct = f(cs[row + j]!);
          const dcell = (t < time - 1 ? dcs[b * units + j]! : 0) + dh * o * df(cellAct);
          dps[g + j] = dcell * candidate * i * (1 - i);
          dps[g + units + j] = dcell * (t === 0 ? 0 : cs[row - units + j]!) * forget * (1 - forget);
          dps[g + 2 * units + j] = dcell * i * df(candidate);
          dps[g + 3 * units + j] = dh * cellAct * o * (1 - o);
          dcs[b * units + j] = dcell * forget;
        }
      }
    }
  },
};

export const lstmKernels = { lstm: forward, lstm_bptt: bptt };
