// `source sine [points=1000] [window=20] [period=25] [noise=0.1] [seed=0]`: a noisy sine wave
// s_t = sin(2πt / period) + noise·ε_t for forecasting. Example i is the window s_i … s_{i+window-1}
// (featureShape [window, 1]: `window` time steps of one value) and its label the next value
// s_{i+window} (a regression target, labelShape [1]). Examples come in a seeded random order, so a
// validation split (the last fraction) samples the whole series.

import { DataError } from "../data-error.ts";
import { Random } from "../../../interpreter/autograd/random.ts";
import type { DataSource } from "../source.ts";
import { generatedPoints, number } from "../../values.ts";

export const sineSource: DataSource = {
  name: "sine",
  keras: "",
  doc: "windows of a noisy sine wave → the next value (forecasting), seeded",
  args: [],
  options: [
    { name: "points", type: generatedPoints, doc: "number of windows", default: 1000 },
    { name: "window", type: number, doc: "time steps per window", default: 20 },
    { name: "period", type: number, doc: "time steps per cycle of the wave", default: 25 },
    { name: "noise", type: number, doc: "std of the Gaussian noise on each value", default: 0.1 },
    { name: "seed", type: number, doc: "seed for the noise and the order", default: 0 },
  ],
  load(config) {
    const count = config["points"] as number;
    const window = config["window"] as number;
    const period = config["period"] as number;
    const noise = config["noise"] as number;
    if (!Number.isInteger(count) || count < 1) throw new DataError(`source sine: points must be a positive integer, got ${count}`);
    if (!Number.isInteger(window) || window < 1) throw new DataError(`source sine: window must be a positive integer, got ${window}`);
    if (!(period > 0)) throw new DataError(`source sine: period must be positive, got ${period}`);
    if (!(noise >= 0)) throw new DataError(`source sine: noise must be ≥ 0, got ${noise}`);
    const rng = new Random(config["seed"] as number);
    const series = Float32Array.from({ length: count + window }, (_, t) => Math.sin((2 * Math.PI * t) / period) + noise * rng.normal());
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
