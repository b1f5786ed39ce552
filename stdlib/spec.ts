// How every stdlib entry describes itself — a layer, an optimizer, a loss, a schedule, a metric,
// a data source, a preprocessing step — for the checker's one binder, the docs and the editor.
import { didYouMeanSuffix } from "../diagnostics/suggest.ts";
import { describeType, type ValueType } from "./values.ts";

export type ConfigValue = number | string | boolean | readonly number[] | readonly string[];
export type Config = Readonly<Record<string, ConfigValue>>;

export interface ArgSpec {
  /** The canonical name: the key the checked program and the stdlib use. */
  name: string;
  /** Other spellings a .dl file may use (`lr` for learning_rate); the binder stores `name`. */
  aliases?: readonly string[];
  type: ValueType;
  doc: string;
  /** The value when not given; null: optional with no value (Keras' unset `None`); absent: required. */
  default?: ConfigValue | null;
  /** The last positional argument may take every remaining value as a list (`reshape 28 28 1`). */
  variadic?: boolean;
}

/** A named entry with its own arguments and options: `optimizer adam lr=0.001`, `source csv "f.csv" label=y`. */
export interface NamedSpec {
  /** The name in .dl files. */
  name: string;
  /** Other spellings of the name, Keras' among them (`mse` for mean_squared_error); the checker stores `name`. */
  aliases?: readonly string[];
  /** The Keras counterpart, for docs and export; "" where Keras has none (a CSV file source). */
  keras: string;
  doc: string;
  args: readonly ArgSpec[];
  options: readonly ArgSpec[];
}

/** The argument or option that `key` names, by its name or an alias. */
export function findArg(spec: Pick<NamedSpec, "args" | "options">, key: string): ArgSpec | undefined {
  return [...spec.args, ...spec.options].find((a) => a.name === key || a.aliases?.includes(key));
}

/** Every value that has a default, as the binder fills them in. */
export function defaults(spec: Pick<NamedSpec, "args" | "options">): Config {
  return Object.fromEntries(
    [...spec.args, ...spec.options].flatMap((a) => (a.default === undefined || a.default === null ? [] : [[a.name, a.default]])),
  );
}

/**
 * A config as the binder stores it, for callers that skip the checker (the API, tests): canonical
 * names, every default filled in. Types are the checker's business; names and presence are not
 * knowable from a config alone, so they are checked here.
 */
export function completeConfig<V>(
  what: string,
  spec: Pick<NamedSpec, "args" | "options">,
  given: Readonly<Record<string, V | undefined>>,
  fail: (message: string) => Error = (message) => new Error(message),
): Record<string, V | ConfigValue> {
  const config: Record<string, V | ConfigValue> = { ...defaults(spec) };
  for (const [key, value] of Object.entries(given)) {
    const arg = findArg(spec, key);
    if (!arg)
      throw fail(
        `${what}: unknown option "${key}"${didYouMeanSuffix(
          key,
          [...spec.args, ...spec.options].map((a) => a.name),
        )}`,
      );
    if (typeof value === "string" || typeof value === "number" || typeof value === "boolean") {
      if (!fits(arg.type, value)) throw fail(`${what}: ${arg.name} must be ${describeType(arg.type)}, got ${JSON.stringify(value)}`);
    }
    if (value !== undefined) config[arg.name] = value;
  }
  for (const arg of [...spec.args, ...spec.options]) {
    if (arg.default === undefined && !(arg.name in config)) throw fail(`${what}: missing ${arg.name}`);
  }
  return config;
}

/** An option's value as given, else the spec's default (for callers that pass only some options). */
export function optionValue<T extends ConfigValue>(spec: NamedSpec, options: Readonly<Record<string, unknown>>, name: string): T {
  const value = options[name] ?? spec.options.find((o) => o.name === name)?.default;
  if (value === undefined || value === null) throw new Error(`${spec.name} has no option "${name}"`);
  return value as T;
}

/** Whether a plain value has the kind a type asks for (ranges and choices are the checker's). */
function fits(type: ValueType, value: string | number | boolean): boolean {
  switch (type.kind) {
    case "int":
    case "number":
    case "ints":
      return typeof value === "number";
    case "bool":
      return typeof value === "boolean";
    case "string":
    case "name":
    case "choice":
      return typeof value === "string";
  }
}
