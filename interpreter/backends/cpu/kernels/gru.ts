// gru, reset_after, gates z, r, h (Keras order), bias [2, 3*units]: mx = x_t @ kernel + bias[0],
//   mh = h_{t-1} @ recurrent_kernel + bias[1]; z = sigmoid(mx_z + mh_z), r = sigmoid(mx_r + mh_r),
//   hh = act(mx_h + r*mh_h); h_t = z*h_{t-1} + (1-z)*hh; h_0 = 0.
// Backprop through time: dh_t = dy_t + dh_{t+1}*z_{t+1} + dmh_{t+1} @ recurrent_kernel^T, and with
//   dz = dh*(h_{t-1} - hh)*z', dhh = dh*(1-z)*act'(hh), dr = dhh*mh_h*r':
//   dmx = (dz, dr, dhh), dmh = (dz, dr, dhh*r).
// `gru` (act the `activation` attribute): [x, kernel, recurrent_kernel, bias?] -> [y, hprev, gates, mh],
// saving h_{t-1} [batch, time, units], the activated z, r, hh [batch, time, 3*units] and mh [batch, time, 3*units].
// `gru_bptt`: [dy, recurrent_kernel, hprev, gates, mh] -> [dmx, dmh [batch, time, 3*units],
// dh [batch, units] (work: the state gradient carried back)]; weight gradients are matmuls of dmx, dmh.
import type { CpuKernel } from "../kernel.ts";
import { sigmoid } from "./math.ts";
import { rnnActivation } from "./rnn-activations.ts";
import { inputFeatures, outputRow, rnnDims } from "../../shared/rnn-dims.ts";
import { addVecMat, dotRow, setRow } from "./rnn-vecmat.ts";

const name = "gru";

const forward: CpuKernel = {
  run([x, kernel, recurrent, bias], [y, hprev, gates, mh], attrs) {
    const { f } = rnnActivation(attrs);
    const dims = rnnDims(name, hprev!.shape, recurrent!.shape, 3, y!.shape);
    const features = inputFeatures(name, x!.shape, kernel!.shape, dims, 3);
    const { batch, time, units } = dims;
    const [xs, ys, hp, gs, ms] = [x!.data, y!.data, hprev!.data, gates!.data, mh!.data];
    for (let b = 0; b < batch; b++) {
      hp.fill(0, b * time * units, (b * time + 1) * units);
      for (let t = 0; t < time; t++) {
        const step = b * time + t;
        const row = step * units;
        const g = 3 * row;
        setRow(gs, g, 3 * units, bias?.data, 0);
        addVecMat(gs, g, xs, step * features, kernel!, 0, 3 * units);
        setRow(ms, g, 3 * units, bias?.data, 3 * units);
        addVecMat(ms, g, hp, row, recurrent!, 0, 3 * units);
        const out = outputRow(dims, b, t);
        for (let j = 0; j < units; j++) {
          const z = (gs[g + j] = sigmoid(gs[g + j]! + ms[g + j]!));
          const r = (gs[g + units + j] = sigmoid(gs[g + units + j]! + ms[g + units + j]!));
          const hh = (gs[g + 2 * units + j] = f(gs[g + 2 * units + j]! + r * ms[g + 2 * units + j]!));
          const hNew = z * hp[row + j]! + (1 - z) * hh;
          if (t < time - 1) hp[row + units + j] = hNew;
          if (out >= 0) ys[out + j] = hNew;
        }
      }
    }
  },
};

const bptt: CpuKernel = {
  run([dy, recurrent, hprev, gates, mh], [dmx, dmh, dh], attrs) {
    const { df } = rnnActivation(attrs);
    const dims = rnnDims(`${name}_bptt`, hprev!.shape, recurrent!.shape, 3, dy!.shape);
    const { batch, time, units } = dims;
    const [dys, hp, gs, ms, dxs, dhs, dstate] = [dy!.data, hprev!.data, gates!.data, mh!.data, dmx!.data, dmh!.data, dh!.data];
    for (let b = 0; b < batch; b++) {
      for (let t = time - 1; t >= 0; t--) {
        const row = (b * time + t) * units;
        const g = 3 * row;
        const out = outputRow(dims, b, t);
        for (let j = 0; j < units; j++) {
          let d = out >= 0 ? dys[out + j]! : 0;
          if (t < time - 1) d += dstate[b * units + j]! * gs[g + 3 * units + j]! + dotRow(dhs, g + 3 * units, recurrent!, j);
          dstate[b * units + j] = d;
          const z = gs[g + j]!;
          const r = gs[g + units + j]!;
          const hh = gs[g + 2 * units + j]!;
          const dz = d * (hp[row + j]! - hh) * z * (1 - z);
          const dhh = d * (1 - z) * df(hh);
          const dr = dhh * ms[g + 2 * units + j]! * r * (1 - r);
          dxs[g + j] = dhs[g + j] = dz;
          dxs[g + units + j] = dhs[g + units + j] = dr;
          dxs[g + 2 * units + j] = dhh;
          dhs[g + 2 * units + j] = dhh * r;
        }
      }
    }
  },
};

export const gruKernels = { gru: forward, gru_bptt: bptt };
