// `source sine [points=1000] [window=20] [period=25] [noise=0.1] [seed=0]`: a noisy sine wave
// s_t = sin(2πt / period) + noise·ε_t for forecasting. Example i is the window s_i … s_{i+window-1}
// (featureShape [window, 1]: `window` time steps of one value) and its label the next value
// s_{i+window} (a regression target, labelShape [1]). Examples come in a seeded random order, so a
// validation split (the last fraction) samples the whole series.

import { DataError } from "../data-error.ts";
import { Random } from "../../../interpreter/autograd/random.ts";
import { resolveParams, type DataSource } from "../source.ts";

export const sineSource: DataSource = {
  description: {
    summary: "windows of a noisy sine wave → the next value (forecasting), seeded",
    args: [],
    options: [
      { name: "points", type: "number", default: 1000, doc: "number of windows" },
      { name: "window", type: "number", default: 20, doc: "time steps per window" },
      { name: "period", type: "number", default: 25, doc: "time steps per cycle of the wave" },
      {
        name: "noise",
        type: "number",
        default: 0.1,
        doc: "std of the Gaussian noise on each value",
      },
      { name: "seed", type: "number", default: 0, doc: "seed for the noise and the order" },
    ],
  },
  load(args, options) {
    const params = resolveParams("sine", this.description, args, options);
    const count = params.number("points");
    const window = params.number("window");
    const period = params.number("period");
    const noise = params.number("noise");
    if (!Number.isInteger(count) || count < 1)
      throw new DataError(`source sine: points must be a positive integer, got ${count}`);
    if (!Number.isInteger(window) || window < 1)
      throw new DataError(`source sine: window must be a positive integer, got ${window}`);
    if (!(period > 0)) throw new DataError(`source sine: period must be positive, got ${period}`);
    if (!(noise >= 0)) throw new DataError(`source sine: noise must be ≥ 0, got ${noise}`);
    const rng = new Random(params.number("seed"));
    const series = Float32Array.from(
      { length: count + window },
      (_, t) => Math.sin((2 * Math.PI * t) / period) + noise * rng.normal(),
    );
    const order = Uint32Array.from({ length: count }, (_, i) => i);
    rng.shuffle(order);
    const features = new Float32Array(count * window);
    const labels = new Float32Array(count);
    order.forEach((start, i) => {
      features.set(series.subarray(start, start + window), i * window);
      labels[i] = series[start + window]!;
    });
    return { train: { features, featureShape: [window, 1], labels, labelShape: [1], count } };
  },
};
