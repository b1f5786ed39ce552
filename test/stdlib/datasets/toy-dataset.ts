import type { Dataset } from "../../../stdlib/datasets/dataset.ts";

/** n examples of 2 features [10i, 10i+1] with class label i % 3. */
export function toyDataset(n: number): Dataset {
  const features = new Float32Array(n * 2);
  const labels = new Float32Array(n);
  for (let i = 0; i < n; i++) {
    features[2 * i] = 10 * i;
    features[2 * i + 1] = 10 * i + 1;
    labels[i] = i % 3;
  }
  return { features, featureShape: [2], labels, labelShape: [], count: n, numClasses: 3 };
}
