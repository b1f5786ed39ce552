// Turns a column of raw labels (from CSV or JSON) into numbers, one rule for both formats:
// - any non-numeric label → classes named by the sorted unique labels (code-unit order, so the
//   mapping does not depend on row order): ["setosa","versicolor","virginica"] → 0, 1, 2;
// - all numeric and asClasses → class indices as written (integers ≥ 0, numClasses = max + 1);
// - all numeric otherwise → regression targets, labelShape [1].

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
  if (!asClasses) return { labels: Float32Array.from(values), labelShape: [1] };
  let max = -1;
  values.forEach((value, i) => {
    if (!Number.isInteger(value) || value < 0) fail(i, `class label must be an integer ≥ 0, found ${value}`);
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
