// `source parity [length=10] [points=512] [seed=0]`: distinct bit strings of `length` bits, fed one
// bit per time step (featureShape [length, 1]), labelled by their parity: class 1 ("odd") when
// the number of ones is odd, else class 0 ("even"). The strings are drawn without replacement from
// all 2^length, in a seeded random order, so a validation split (the last fraction) holds strings
// never seen in training, and both classes.

import { DataError } from "../data-error.ts";
import { Random } from "../../../interpreter/autograd/random.ts";
import type { DataSource } from "../source.ts";
import { generatedPoints, number } from "../../values.ts";

/** Longest string: all 2^length strings are enumerated before drawing. */
const MAX_LENGTH = 20;

export const paritySource: DataSource = {
  name: "parity",
  keras: "",
  doc: "bit strings, one bit per time step, labelled even or odd parity, seeded",
  classes: 2,
  args: [],
  options: [
    { name: "length", type: number, doc: "bits per string (time steps)", default: 10 },
    { name: "points", type: generatedPoints, doc: "number of distinct strings, ≤ 2^length", default: 512 },
    { name: "seed", type: number, doc: "seed for drawing the strings", default: 0 },
  ],
  load(config) {
    const length = config["length"] as number;
    const count = config["points"] as number;
    if (!Number.isInteger(length) || length < 1 || length > MAX_LENGTH)
      throw new DataError(`source parity: length must be an integer from 1 to ${MAX_LENGTH}, got ${length}`);
    const all = 2 ** length;
    if (!Number.isInteger(count) || count < 1 || count > all)
      throw new DataError(`source parity: points must be an integer from 1 to 2^${length} = ${all}, got ${count}`);
    const strings = Uint32Array.from({ length: all }, (_, i) => i);
    new Random(config["seed"] as number).shuffle(strings);
    const features = new Float32Array(count * length);
    const labels = new Float32Array(count);
    for (let i = 0; i < count; i++) {
      let ones = 0;
      for (let bit = 0; bit < length; bit++) {
        const value = (strings[i]! >>> (length - 1 - bit)) & 1;
        features[i * length + bit] = value;
        ones += value;
      }
      labels[i] = ones % 2;
    }
    return {
      train: {
        features,
        featureShape: [length, 1],
        labels,
        labelShape: [],
        count,
        classes: ["even", "odd"],
        numClasses: 2,
      },
    };
  },
};
