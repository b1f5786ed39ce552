// Everything a program can name, as plain data for editors: each stdlib family's entries with
// their Keras counterpart, doc, arguments and options (type, default, doc). The language
// server's completion and hover read these; nothing in an editor lists a name by hand.
import { activations } from "../stdlib/activations/index.ts";
import { initializers } from "../stdlib/initializers/index.ts";
import { layers } from "../stdlib/layers/index.ts";
import { losses as lossEntries } from "../stdlib/losses/index.ts";
import { metrics } from "../stdlib/metrics/index.ts";
import type { ArgSpec, ConfigValue, NamedSpec } from "../stdlib/spec.ts";
import { describeType } from "../stdlib/values.ts";
import { losses, optimizers, schedules, sources } from "./check/vocabulary.ts";

export type Family = "layer" | "activation" | "initializer" | "loss" | "optimizer" | "schedule" | "metric" | "source";

export interface ArgDescription {
  name: string;
  /** In words: "a positive whole number", "true or false", … */
  type: string;
  /** As written in a .dl file; absent: required, "unset": optional without a value. */
  default?: string;
  doc: string;
  /** The words it accepts, when it is a choice (an activation, an initializer, padding …). */
  values?: readonly string[];
}

export interface Description {
  name: string;
  keras: string;
  doc: string;
  args: readonly ArgDescription[];
  options: readonly ArgDescription[];
}

function written(value: ConfigValue): string {
  if (typeof value === "string") return value;
  return Array.isArray(value) ? `[${value.join(", ")}]` : String(value);
}

function arg(spec: ArgSpec): ArgDescription {
  const described = { name: spec.name, type: describeType(spec.type), doc: spec.doc, ...(spec.type.kind === "choice" ? { values: spec.type.values() } : {}) };
  if (spec.default === undefined) return described;
  return { ...described, default: spec.default === null ? "unset" : written(spec.default) };
}

/** Options known only by their defaults (activations): typed by the default's value. */
function fromDefaults(defaults: Readonly<Record<string, number | boolean>>, docs: Readonly<Record<string, string>> = {}): ArgDescription[] {
  return Object.entries(defaults).map(([name, value]) => ({
    name,
    type: typeof value === "boolean" ? "true or false" : "a number",
    default: String(value),
    doc: docs[name] ?? "",
  }));
}

function named(spec: NamedSpec, keras: string): Description {
  return { name: spec.name, keras, doc: spec.doc, args: spec.args.map(arg), options: spec.options.map(arg) };
}

export const descriptions: Readonly<Record<Family, readonly Description[]>> = {
  layer: [...layers.values()].map((spec) => ({ name: spec.kind, keras: `keras.layers.${spec.keras}`, doc: spec.doc, args: spec.args.map(arg), options: spec.options.map(arg) })),
  activation: [...activations.values()].map((entry) => ({ name: entry.name, keras: `keras.activations.${entry.keras}`, doc: entry.formula, args: [], options: fromDefaults(entry.defaults) })),
  initializer: Object.values(initializers).map((entry) => ({ name: entry.name, keras: entry.keras, doc: "", args: [], options: fromDefaults(entry.defaults, entry.options) })),
  // The vocabulary's docs of losses are their formulas, of optimizers and schedules their Keras names.
  loss: losses.map((spec) => named(spec, `keras.losses.${lossEntries.get(spec.name)?.keras ?? spec.name}`)),
  optimizer: optimizers.map((spec) => named(spec, spec.doc)),
  schedule: schedules.map((spec) => named(spec, spec.doc)),
  metric: Object.values(metrics).map((entry) => ({ name: entry.name, keras: entry.keras, doc: "", args: [], options: Object.entries(entry.options).map(([name, doc]) => ({ name, type: "a value", doc })) })),
  source: sources.map((spec) => named(spec, "")),
};
