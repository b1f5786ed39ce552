// `source parity [length=10] [points=512] [seed=0]`: distinct bit strings of `length` bits, fed one
// bit per time step (featureShape [length, 1]), labelled by their parity: class 1 ("odd") when
// the number of ones is odd, else class 0 ("even"). The strings are drawn without replacement from
// all 2^length, in a seeded random order, so a validation split (the last fraction) holds strings
// never seen in training, and both classes.

import { DataError } from "../data-error.ts";
import { Random } from "../../../interpreter/autograd/random.ts";
import { resolveParams, type DataSource } from "../source.ts";

/** Longest string: all 2^length strings are enumerated before drawing. */
const MAX_LENGTH = 20;

export const paritySource: DataSource = {
  description: {
    summary: "bit strings, one bit per time step, labelled even or odd parity, seeded",
    classes: 2,
    args: [],
    options: [
      { name: "length", type: "number", default: 10, doc: "bits per string (time steps)" },
      {
        name: "points",
        type: "number",
        default: 512,
        doc: "number of distinct strings, ≤ 2^length",
      },
      { name: "seed", type: "number", default: 0, doc: "seed for drawing the strings" },
    ],
  },
  load(args, options) {
    const params = resolveParams("parity", this.description, args, options);
    const length = params.number("length");
    const count = params.number("points");
    if (!Number.isInteger(length) || length < 1 || length > MAX_LENGTH)
      throw new DataError(
        `source parity: length must be an integer from 1 to ${MAX_LENGTH}, got ${length}`,
      );
    const all = 2 ** length;
    if (!Number.isInteger(count) || count < 1 || count > all)
      throw new DataError(
        `source parity: points must be an integer from 1 to 2^${length} = ${all}, got ${count}`,
      );
    const strings = Uint32Array.from({ length: all }, (_, i) => i);
    new Random(params.number("seed")).shuffle(strings);
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
