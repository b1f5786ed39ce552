// How stdlib entries describe what they accept, for the checker, the docs and the editor.
import type { ValueType } from "./values.ts";

export type ConfigValue = number | string | boolean | readonly number[] | readonly string[];
export type Config = Readonly<Record<string, ConfigValue>>;

export interface ArgSpec {
  name: string;
  type: ValueType;
  doc: string;
  /** The value when not given; null: optional with no value (Keras' unset `None`); absent: required. */
  default?: ConfigValue | null;
  /** The last positional argument may take every remaining value as a list (`reshape 28 28 1`). */
  variadic?: boolean;
}

/** A named choice with its own arguments and options: `optimizer adam lr=0.001`, `source csv "f.csv" label=y`. */
export interface NamedSpec {
  name: string;
  doc: string;
  args: readonly ArgSpec[];
  options: readonly ArgSpec[];
}
