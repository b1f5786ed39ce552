// How `dl predict` prints one prediction: a classifier's class, a tab, then the raw values.
import type { Prediction } from "../interpreter/api.ts";

export function predictionLine({ output, label }: Prediction): string {
  const values = [...output].map((v) => v.toFixed(4)).join(",");
  return label === undefined ? values : `${label}\t${values}`;
}
