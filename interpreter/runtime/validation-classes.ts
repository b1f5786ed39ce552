// A validation part that cannot measure what training learns: it holds a class the training part
// never has, or one class only (a file sorted by class, split at its last fraction). Known only
// once the data is loaded, so it is reported then, before the first training step.
import { warning, type Diagnostic } from "../../diagnostics/diagnostic.ts";
import type { Span } from "../../grammar/ast.ts";
import type { Dataset } from "../../stdlib/datasets/dataset.ts";

export function validationClassesWarning(train: Dataset, validation: Dataset, dataName: string, span: Span): Diagnostic | undefined {
  const trainClasses = classesIn(train);
  const validationClasses = classesIn(validation);
  if (!trainClasses || !validationClasses) return undefined;
  const name = (c: number) => `\`${validation.classes?.[c] ?? c}\``;
  const unseen = [...validationClasses].filter((c) => !trainClasses.has(c));
  const never = unseen.length ? `, which the training part never has` : "";
  let message: string;
  if (validationClasses.size === 1 && (validation.numClasses ?? 0) > 1) {
    message = `the validation part of \`${dataName}\` holds one class only (${name([...validationClasses][0]!)})${never}`;
  } else if (unseen.length) {
    message = `the validation part of \`${dataName}\` holds ${unseen.length === 1 ? "class" : "classes"} ${unseen.map(name).join(", ")}${never}`;
  } else {
    return undefined;
  }
  return warning("DL307", message, span, {
    label: "the last part of the examples, in their order",
    hints: ["examples sorted by class? add `shuffle` to the data block to split a seeded random order"],
  });
}

/** The class indices present, for class-index or one-hot labels; undefined for other targets. */
function classesIn(ds: Dataset): Set<number> | undefined {
  const k = ds.numClasses;
  if (k === undefined) return undefined;
  const present = new Set<number>();
  if (ds.labelShape.length === 0) {
    for (const label of ds.labels) present.add(label);
    return present;
  }
  if (ds.labelShape.length !== 1 || ds.labelShape[0] !== k) return undefined;
  for (let n = 0; n < ds.count; n++) {
    const row = ds.labels.subarray(n * k, (n + 1) * k);
    present.add(row.indexOf(Math.max(...row)));
  }
  return present;
}
