// `source spirals [points=100] [classes=2] [noise=0.2] [seed=0]`: interleaved spiral arms in 2-D,
// `points` per class (the CS231n construction): for class c, radius r goes 0→1 and angle
// t = 4c … 4(c+1) (+ Gaussian noise·noise); x = (r·sin t, r·cos t). Examples come in a seeded random order, so a
// validation split (the last fraction) holds every class.

import { DataError } from "../data-error.ts";
import { Random } from "../../../interpreter/autograd/random.ts";
import type { DataSource } from "../source.ts";
import { generatedPoints, number } from "../../values.ts";

export const spiralsSource: DataSource = {
  name: "spirals",
  keras: "",
  doc: "2-D spirals, one arm per class, seeded",
  args: [],
  options: [
    { name: "points", type: generatedPoints, doc: "points per class", default: 100 },
    { name: "classes", type: { kind: "number", max: 1000 }, doc: "number of arms/classes (2 or more)", default: 2 },
    { name: "noise", type: number, doc: "std of the angle noise", default: 0.2 },
    { name: "seed", type: number, doc: "seed for the noise", default: 0 },
  ],
  load(config) {
    const perClass = config["points"] as number;
    const numClasses = config["classes"] as number;
    if (!Number.isInteger(perClass) || perClass < 2) throw new DataError(`source spirals: points must be an integer ≥ 2, got ${perClass}`);
    if (!Number.isInteger(numClasses) || numClasses < 2)
      throw new DataError(`source spirals: classes must be an integer ≥ 2, got ${numClasses}`);
    const noise = config["noise"] as number;
    const rng = new Random(config["seed"] as number);
    const count = perClass * numClasses;
    const features = new Float32Array(count * 2);
    const labels = new Float32Array(count);
    const position = Uint32Array.from({ length: count }, (_, i) => i);
    rng.shuffle(position);
    for (let c = 0; c < numClasses; c++) {
      for (let j = 0; j < perClass; j++) {
        const i = position[c * perClass + j]!;
        const progress = j / (perClass - 1);
        const angle = 4 * (c + progress) + noise * rng.normal();
        features[2 * i] = progress * Math.sin(angle);
        features[2 * i + 1] = progress * Math.cos(angle);
        labels[i] = c;
      }
    }
    const classes = Array.from({ length: numClasses }, (_, c) => String(c));
    return {
      train: { features, featureShape: [2], labels, labelShape: [], count, classes, numClasses },
    };
  },
};
