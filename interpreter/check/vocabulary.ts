// The named choices of `data` and `train` bodies, derived from the stdlib registries so
// that each optimizer, loss, schedule and source describes itself in one place.
import { sources as dataSources } from "../../stdlib/datasets/index.ts";
import type { ParamSpec } from "../../stdlib/datasets/source.ts";
import { losses as lossRegistry } from "../../stdlib/losses/index.ts";
import { metricNames } from "../../stdlib/metrics/index.ts";
import { optimizerOptions, optimizers as optimizerRegistry } from "../../stdlib/optimizers/index.ts";
import { reduceOnPlateauDefaults, schedules as scheduleRegistry } from "../../stdlib/schedules/index.ts";
import type { ArgSpec, NamedSpec } from "../../stdlib/spec.ts";
import { bool, choice, name, number, type ValueType } from "../../stdlib/values.ts";

type Defaults = Readonly<Record<string, number | boolean | null>>;

/** dl spells Keras' `learning_rate` as `lr`. */
export const optionAliases: Readonly<Record<string, string>> = { lr: "learning_rate" };
const dlName = (keras: string) => Object.entries(optionAliases).find(([, k]) => k === keras)?.[0] ?? keras;

/** Options typed by their defaults: booleans stay booleans, everything else is a number. */
function optionSpecs(docs: Readonly<Record<string, string>>, defaults: Defaults, skip: string[] = []): ArgSpec[] {
  return [...new Set([...Object.keys(defaults), ...Object.keys(docs)])]
    .filter((key) => !skip.includes(key))
    .map((key) => {
      const value = defaults[key];
      const spec: ArgSpec = { name: dlName(key), type: typeof value === "boolean" ? bool : number, doc: docs[key] ?? "" };
      // An unset Keras option (null, or no default at all) is optional without a value.
      return { ...spec, default: value ?? null };
    });
}

export const optimizers: NamedSpec[] = Object.values(optimizerRegistry).map((entry) => ({
  name: entry.name,
  doc: entry.keras,
  args: [],
  options: optionSpecs(optimizerOptions(entry.name), entry.defaults),
}));

export const losses: NamedSpec[] = [...lossRegistry.values()].map((entry) => ({
  name: entry.name,
  doc: entry.formula,
  args: [],
  options: optionSpecs({}, entry.defaults),
}));

export const metrics = metricNames;

/** Values a training run reports each epoch, for `monitor=`. */
export const monitored = ["val_loss", "loss", "val_accuracy", "accuracy"];

// The initial rate comes from the optimizer's `lr`. reduce_on_plateau is driven per epoch.
export const schedules: NamedSpec[] = [
  ...Object.values(scheduleRegistry).map((entry) => ({
    name: entry.name,
    doc: entry.keras,
    args: [],
    options: optionSpecs(entry.options, entry.defaults, ["initial_learning_rate"]),
  })),
  {
    name: "reduce_on_plateau",
    doc: "keras.callbacks.ReduceLROnPlateau",
    args: [],
    options: [
      { name: "monitor", type: choice("a monitored value", monitored), doc: "value to watch", default: reduceOnPlateauDefaults.monitor },
      ...optionSpecs({}, { factor: reduceOnPlateauDefaults.factor, patience: reduceOnPlateauDefaults.patience, min_delta: reduceOnPlateauDefaults.min_delta, cooldown: reduceOnPlateauDefaults.cooldown, min_lr: reduceOnPlateauDefaults.min_lr }),
    ],
  },
];

const sourceTypes: Record<ParamSpec["type"], ValueType> = { string: name, number, boolean: bool };
const sourceArg = (p: ParamSpec): ArgSpec => ({
  name: p.name,
  type: p.type === "string" ? { kind: "string" } : sourceTypes[p.type],
  doc: p.doc,
  ...(p.default !== undefined ? { default: p.default } : p.required ? {} : { default: null }),
});
const sourceOption = (p: ParamSpec): ArgSpec => ({ ...sourceArg(p), type: sourceTypes[p.type] });

export interface SourceSpec extends NamedSpec {
  /** The shape of one example, when known before loading. */
  features?: readonly number[];
  classes?: number;
}

export const sources: SourceSpec[] = Object.entries(dataSources).map(([sourceName, source]) => ({
  name: sourceName,
  doc: source.description.summary,
  args: source.description.args.map(sourceArg),
  options: source.description.options.map(sourceOption),
  ...(source.description.features ? { features: source.description.features } : {}),
  ...(source.description.classes ? { classes: source.description.classes } : {}),
}));
