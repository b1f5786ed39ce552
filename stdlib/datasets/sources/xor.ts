// `source xor`: the four XOR points (0,0)→0 (0,1)→1 (1,0)→1 (1,1)→0, in that order.
// `source xor points=200 [noise=0.1] [seed=0]`: N points drawn uniformly from [-1, 1]², labelled
// by whether the coordinates' signs differ, with Gaussian noise of std `noise` added afterwards.

import { DataError } from "../data-error.ts";
import { Random } from "../../../interpreter/autograd/random.ts";
import type { DataSource } from "../source.ts";
import { generatedPoints, number } from "../../values.ts";

export const xorSource: DataSource = {
  name: "xor",
  keras: "",
  doc: "XOR: the 4 corner points, or points=N noisy samples from [-1,1]², 2 classes",
  features: [2],
  classes: 2,
  args: [],
  options: [
    { name: "points", type: generatedPoints, doc: "sample this many points instead of the 4 corners", default: null },
    { name: "noise", type: number, doc: "std of Gaussian noise added to sampled points", default: 0 },
    { name: "seed", type: number, doc: "seed for sampling", default: 0 },
  ],
  load(config) {
    const common = { featureShape: [2], labelShape: [], classes: ["0", "1"], numClasses: 2 };
    if (config["points"] === undefined) {
      const features = Float32Array.of(0, 0, 0, 1, 1, 0, 1, 1);
      return { train: { ...common, features, labels: Float32Array.of(0, 1, 1, 0), count: 4 } };
    }
    const count = config["points"] as number;
    if (!Number.isInteger(count) || count < 1) throw new DataError(`source xor: points must be a positive integer, got ${count}`);
    const noise = config["noise"] as number;
    const rng = new Random(config["seed"] as number);
    const features = new Float32Array(count * 2);
    const labels = new Float32Array(count);
    for (let i = 0; i < count; i++) {
      const x = rng.uniform() * 2 - 1;
      const y = rng.uniform() * 2 - 1;
      labels[i] = x > 0 !== y > 0 ? 1 : 0;
      features[2 * i] = x + noise * rng.normal();
      features[2 * i + 1] = y + noise * rng.normal();
    }
    return { train: { ...common, features, labels, count } };
  },
};
