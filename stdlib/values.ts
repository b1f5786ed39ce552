// The types of values that layer arguments, options and settings accept.
// The checker converts what the user wrote into these, or explains why it cannot.

export type ValueType =
  | { kind: "int"; min: number; max?: number }
  | { kind: "number"; min?: number; max?: number; minExclusive?: boolean; maxExclusive?: boolean }
  | { kind: "bool" }
  | { kind: "string" }
  /** A name written bare or quoted: `label=species` or `label="petal width"`. */
  | { kind: "name" }
  /** A fixed set of words, e.g. padding same|valid. */
  | { kind: "choice"; values: () => readonly string[]; what: string; aliases?: Readonly<Record<string, string>> }
  /** One int for every axis, or one per axis: kernel=3 or kernel=[3, 5]. */
  | { kind: "ints"; length: number; min: number };

export const positiveInt: ValueType = { kind: "int", min: 1 };
export const nonNegativeInt: ValueType = { kind: "int", min: 0 };
export const number: ValueType = { kind: "number" };
export const positiveNumber: ValueType = { kind: "number", min: 0 };
/** How many examples a generated source may make: more would only fill memory. */
export const generatedPoints: ValueType = { kind: "number", max: 1_000_000 };

/** A rate or a scale: zero or less would do nothing, or the opposite of what is meant. */
export const aboveZero: ValueType = { kind: "number", min: 0, minExclusive: true };
export const fraction: ValueType = { kind: "number", min: 0, max: 1, maxExclusive: true };
export const bool: ValueType = { kind: "bool" };
export const text: ValueType = { kind: "string" };
export const name: ValueType = { kind: "name" };

/** One of `values`; `aliases` maps other accepted spellings to the value they stand for. */
export function choice(
  what: string,
  values: readonly string[] | (() => readonly string[]),
  aliases?: Readonly<Record<string, string>>,
): ValueType {
  return { kind: "choice", what, values: typeof values === "function" ? values : () => values, ...(aliases ? { aliases } : {}) };
}

export function ints(length: number, min = 1): ValueType {
  return { kind: "ints", length, min };
}

export function describeType(type: ValueType): string {
  switch (type.kind) {
    case "int":
      return type.min === 1 ? "a positive whole number" : type.min === 0 ? "a whole number ≥ 0" : "a whole number";
    case "number":
      if (type.min === 0 && type.max === 1) return "a number in [0, 1)";
      // Above 0 (`lr`): the checker's message says so when a value is not.
      return type.min === 0 && !type.minExclusive ? "a number ≥ 0" : "a number";
    case "bool":
      return "true or false";
    case "string":
      return 'a string in double quotes ("…")';
    case "name":
      return "a name";
    case "choice":
      return `${type.what} (${type.values().join(", ")})`;
    case "ints":
      return `a positive whole number or a list of ${type.length}`;
  }
}
