// Everything a program can name, as plain data for editors: each stdlib family's entries as they
// describe themselves (stdlib/spec.ts: name, Keras counterpart, doc, arguments and options with
// type, default and doc). The language server's completion and hover read these; nothing in an
// editor lists a name by hand.
import { activations } from "../stdlib/activations/index.ts";
import { sources } from "../stdlib/datasets/index.ts";
import { preprocessSteps } from "../stdlib/datasets/preprocess/index.ts";
import { initializers } from "../stdlib/initializers/index.ts";
import { layers } from "../stdlib/layers/index.ts";
import { losses } from "../stdlib/losses/index.ts";
import { metrics } from "../stdlib/metrics/index.ts";
import { optimizers } from "../stdlib/optimizers/index.ts";
import { schedules } from "../stdlib/schedules/index.ts";
import type { ArgSpec, ConfigValue, NamedSpec } from "../stdlib/spec.ts";
import { describeType } from "../stdlib/values.ts";

export type Family = "layer" | "activation" | "initializer" | "loss" | "optimizer" | "schedule" | "metric" | "source" | "preprocessing";

export interface ArgDescription {
  name: string;
  /** Other spellings a .dl file may use (`lr` for learning_rate). */
  aliases: readonly string[];
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
  /** The Keras counterpart, fully qualified (`keras.layers.Dense`); "" where Keras has none. */
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
  const described: ArgDescription = { name: spec.name, aliases: spec.aliases ?? [], type: describeType(spec.type), doc: spec.doc };
  if (spec.type.kind === "choice") described.values = spec.type.values();
  if (spec.default !== undefined) described.default = spec.default === null ? "unset" : written(spec.default);
  return described;
}

/** Layers, activations and losses name their Keras class or function without its module. */
function describe(entries: Iterable<NamedSpec>, kerasModule = ""): Description[] {
  return [...entries].map((spec) => ({
    name: spec.name,
    keras: spec.keras && !spec.keras.startsWith("keras.") && kerasModule ? `${kerasModule}.${spec.keras}` : spec.keras,
    doc: spec.doc,
    args: spec.args.map(arg),
    options: spec.options.map(arg),
  }));
}

export const descriptions: Readonly<Record<Family, readonly Description[]>> = {
  layer: describe(layers.values(), "keras.layers"),
  activation: describe(activations.values(), "keras.activations"),
  initializer: describe(Object.values(initializers)),
  loss: describe(losses.values(), "keras.losses"),
  optimizer: describe(Object.values(optimizers)),
  schedule: describe(schedules),
  metric: describe(Object.values(metrics)),
  source: describe(Object.values(sources)),
  preprocessing: describe(Object.values(preprocessSteps)),
};
