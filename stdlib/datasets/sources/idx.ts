// `source idx images="x.idx" labels="y.idx" [test_images=… test_labels=…]`: any pair of IDX files.
// Features keep the image file's per-example dims; 1-D labels are class indices
// (numClasses = max + 1), 2-D labels are per-example vectors.

import { DataError } from "../data-error.ts";
import type { Dataset } from "../dataset.ts";
import { readIdx, type IdxArray } from "../idx-file.ts";
import { readDataFile } from "../read-data-file.ts";
import type { DataSource } from "../source.ts";
import { name } from "../../values.ts";

export const idxSource: DataSource = {
  name: "idx",
  keras: "",
  doc: "a pair of IDX files (images and labels), optionally with a test pair",
  args: [],
  options: [
    { name: "images", type: name, doc: "IDX file of examples (first dim = count)" },
    { name: "labels", type: name, doc: "IDX file of labels (1-D: class indices)" },
    { name: "test_images", type: name, doc: "IDX file of test examples", default: null },
    { name: "test_labels", type: name, doc: "IDX file of test labels", default: null },
  ],
  hasTest: (config) => config["test_images"] !== undefined || config["test_labels"] !== undefined,
  load(config, baseDir) {
    const read = (path: string): IdxArray => readIdx(readDataFile(path, baseDir), path);
    const images = config["images"] as string;
    const labels = config["labels"] as string;
    const train = idxDataset(read(images), read(labels), images, labels);
    const testImages = config["test_images"] as string | undefined;
    const testLabels = config["test_labels"] as string | undefined;
    if ((testImages === undefined) !== (testLabels === undefined)) {
      throw new DataError("source idx: give both test_images and test_labels, or neither");
    }
    if (testImages === undefined || testLabels === undefined) return { train };
    return { train, test: idxDataset(read(testImages), read(testLabels), testImages, testLabels) };
  },
};

/** Pairs decoded image and label arrays into a Dataset; names are for error messages. */
export function idxDataset(images: IdxArray, labels: IdxArray, imagesFile: string, labelsFile: string): Dataset {
  const count = images.shape[0] ?? 0;
  if (images.shape.length === 0) throw new DataError("IDX images file has no dimensions", imagesFile);
  if (count === 0) throw new DataError("the IDX file holds 0 examples", imagesFile, undefined, "give a file with at least one example");
  if (labels.shape.length === 0 || labels.shape.length > 2) {
    throw new DataError(`IDX labels must be 1-D or 2-D, found ${labels.shape.length}-D`, labelsFile);
  }
  if (labels.shape[0] !== count) {
    throw new DataError(`${labels.shape[0]} labels for ${count} examples in ${imagesFile}`, labelsFile);
  }
  const dataset: Dataset = {
    // A float32 array is already the decoder's own (readIdx and readIdxFloat32 allocate it): no second copy.
    features: images.data instanceof Float32Array ? images.data : new Float32Array(images.data),
    featureShape: images.shape.slice(1),
    labels: new Float32Array(labels.data),
    labelShape: labels.shape.slice(1),
    count,
  };
  if (labels.shape.length === 1) dataset.numClasses = classCount(dataset.labels, labelsFile);
  return dataset;
}

function classCount(labels: Float32Array, file: string): number {
  let max = -1;
  for (let i = 0; i < labels.length; i++) {
    const label = labels[i]!;
    if (!Number.isInteger(label) || label < 0) {
      throw new DataError(`label ${i} is ${label}, expected a class index (integer ≥ 0)`, file);
    }
    if (label > max) max = label;
  }
  return max + 1;
}
