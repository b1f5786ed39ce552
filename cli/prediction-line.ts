// How `dl predict` prints: a header naming the columns, then per row a classifier's class, a tab,
// then the raw values.
import type { Prediction } from "../interpreter/api.ts";

/** `class\tsetosa,versicolor,virginica` for a classifier, `output` for one value. */
export function predictionHeader(columns: readonly string[]): string {
  return columns.length < 2 ? columns.join(",") : `class\t${columns.join(",")}`;
}

export function predictionLine({ output, label }: Prediction): string {
  const values = [...output].map((v) => v.toFixed(4)).join(",");
  return label === undefined ? values : `${label}\t${values}`;
}
