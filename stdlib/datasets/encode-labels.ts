// Turns a column of raw labels (from CSV or JSON) into numbers, one rule for both formats:
// - any non-numeric label → classes named by the sorted unique labels (code-unit order, so the
//   mapping does not depend on row order): ["setosa","versicolor","virginica"] → 0, 1, 2;
// - all numeric and asClasses → class indices as written (integers ≥ 0, numClasses = max + 1);
// - all numeric otherwise → regression targets, labelShape [1].

/** Classes a `classes=true` label column may name (labels 0 … 99,999): a class name per index is built. */
export const MAX_CLASS_LABELS = 100_000;

export interface EncodedLabels {
  labels: Float32Array;
  labelShape: number[];
  classes?: string[];
  numClasses?: number;
}

/** `fail(i, message)` throws an error located at example i. */
export function encodeLabels(
  raw: readonly (string | number)[],
  asClasses: boolean,
  fail: (index: number, message: string) => never,
): EncodedLabels {
  const numbers = raw.map((value) => (typeof value === "number" ? value : parseNumber(value)));
  if (numbers.some((value) => value === undefined)) return namedClasses(raw.map(String));
  const values = numbers as number[];
  values.forEach((value, i) => {
    if (!isFloat32(value)) fail(i, `label ${raw[i]} is out of range (not a finite 32-bit float)`);
  });
  if (!asClasses) return { labels: Float32Array.from(values), labelShape: [1] };
  let max = -1;
  values.forEach((value, i) => {
    if (!Number.isInteger(value) || value < 0) fail(i, `class label must be an integer ≥ 0, found ${value}`);
    if (value >= MAX_CLASS_LABELS) fail(i, `class label ${value} is over the limit of ${MAX_CLASS_LABELS.toLocaleString("en")} classes`);
    max = Math.max(max, value);
  });
  const classes = Array.from({ length: max + 1 }, (_, i) => String(i));
  return { labels: Float32Array.from(values), labelShape: [], classes, numClasses: max + 1 };
}

function namedClasses(names: string[]): EncodedLabels {
  const classes = [...new Set(names)].sort();
  const index = new Map(classes.map((name, i) => [name, i]));
  return {
    labels: Float32Array.from(names, (name) => index.get(name)!),
    labelShape: [],
    classes,
    numClasses: classes.length,
  };
}

const DECIMAL = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/;

/** A plain decimal number, or undefined (rejects "", "0x1f", "NaN", "Infinity"). */
export function parseNumber(text: string): number | undefined {
  const trimmed = text.trim();
  return DECIMAL.test(trimmed) ? Number(trimmed) : undefined;
}

/** Whether a number survives as a finite float32 (1e400 and 1e39 do not: they become Infinity). */
export function isFloat32(value: number): boolean {
  return Number.isFinite(Math.fround(value));
}

/** A feature value of `field`, or why it is not one (`fail` receives the message). */
export function parseFeature(field: string, column: string, fail: (message: string) => never): number {
  const value = parseNumber(field);
  if (value === undefined) return fail(`column "${column}": expected a number, found "${field}"`);
  if (!isFloat32(value)) return fail(`column "${column}": ${field.trim()} is out of range (not a finite 32-bit float)`);
  return value;
}
