// simple_rnn: h_t = f(x_t @ kernel + h_{t-1} @ recurrent_kernel + bias), h_0 = 0; backprop through time:
//   dpre_t = (dy_t + dpre_{t+1} @ recurrent_kernel^T) * f'(h_t).
// `simple_rnn` (f the `activation` attribute): [x, kernel, recurrent_kernel, bias?] -> [y, hprev, h], with
// y every h_t or the last, hprev [batch, time, units] the h_{t-1} of each step and h every h_t.
// `simple_rnn_bptt`: [dy, recurrent_kernel, hprev, h] -> [dpre] [batch, time, units]; the
// weight gradients are then matmuls: dx = dpre @ kernel^T, dkernel = x^T @ dpre, drecurrent = hprev^T @ dpre.
import type { CpuKernel } from "../kernel.ts";
import { rnnActivation } from "./rnn-activations.ts";
import { inputFeatures, outputRow, rnnDims } from "../../shared/rnn-dims.ts";
import { addVecMat, dotRow, setRow } from "./rnn-vecmat.ts";

const name = "simple_rnn";

const forward: CpuKernel = {
  run([x, kernel, recurrent, bias], [y, hprev, h], attrs) {
    const { f } = rnnActivation(attrs);
    const dims = rnnDims(name, hprev!.shape, recurrent!.shape, 1, y!.shape);
    const features = inputFeatures(name, x!.shape, kernel!.shape, dims, 1);
    const { batch, time, units } = dims;
    const [xs, ys, hp, hs] = [x!.data, y!.data, hprev!.data, h!.data];
    for (let b = 0; b < batch; b++) {
      hp.fill(0, b * time * units, (b * time + 1) * units);
      for (let t = 0; t < time; t++) {
        const step = b * time + t;
        const row = step * units;
        setRow(hs, row, units, bias?.data, 0);
        addVecMat(hs, row, xs, step * features, kernel!, 0, units);
        addVecMat(hs, row, hp, row, recurrent!, 0, units);
        const out = outputRow(dims, b, t);
        for (let j = 0; j < units; j++) {
          const hNew = (hs[row + j] = f(hs[row + j]!));
          if (t < time - 1) hp[row + units + j] = hNew;
          if (out >= 0) ys[out + j] = hNew;
        }
      }
    }
  },
};

const bptt: CpuKernel = {
  run([dy, recurrent, hprev, h], [dpre], attrs) {
    const { df } = rnnActivation(attrs);
    const dims = rnnDims(`${name}_bptt`, hprev!.shape, recurrent!.shape, 1, dy!.shape);
    const { batch, time, units } = dims;
    const [dys, hs, dps] = [dy!.data, h!.data, dpre!.data];
    for (let b = 0; b < batch; b++) {
      for (let t = time - 1; t >= 0; t--) {
        const row = (b * time + t) * units;
        const out = outputRow(dims, b, t);
        for (let j = 0; j < units; j++) {
          let dh = out >= 0 ? dys[out + j]! : 0;
          if (t < time - 1) dh += dotRow(dps, row + units, recurrent!, j);
          dps[row + j] = dh * df(hs[row + j]!);
        }
      }
    }
  },
};

export const simpleRnnKernels = { simple_rnn: forward, simple_rnn_bptt: bptt };
