// The bodies of `data` and `train`: each line is one of the language's settings (epochs,
// batch, …) or names a stdlib entry (a source, a preprocessing step, an optimizer, a loss, a
// schedule), bound against that entry's own description.
import type { DataDecl, Setting, Span, TrainStmt } from "../../grammar/ast.ts";
import { error, type Diagnostic } from "../../diagnostics/diagnostic.ts";
import { didYouMean } from "../../diagnostics/suggest.ts";
import { sources } from "../../stdlib/datasets/index.ts";
import { preprocessSteps } from "../../stdlib/datasets/preprocess/index.ts";
import { losses } from "../../stdlib/losses/index.ts";
import { metricAliases, metricNames, monitored } from "../../stdlib/metrics/index.ts";
import { optimizers } from "../../stdlib/optimizers/index.ts";
import { schedules } from "../../stdlib/schedules/index.ts";
import { defaults, type Config, type NamedSpec } from "../../stdlib/spec.ts";
import { bool, choice, fraction, nonNegativeInt, positiveInt, positiveNumber, text } from "../../stdlib/values.ts";
import { bind, type BindSpec } from "./bind.ts";
import type { CheckedData, CheckedTrain } from "./checked.ts";
import type { Constants } from "./values.ts";

/** More passes than this would run for years; a typo, not a plan. */
export const MAX_EPOCHS = 1_000_000;

/** More examples per step than this do not fit in memory for any model worth training. */
export const MAX_BATCH = 1_000_000;

/** Settings that take plain values: the preprocessing steps, the one shuffle and the validation split. */
const dataSettings: Record<string, BindSpec> = {
  ...preprocessSteps,
  shuffle: { args: [], options: [{ name: "seed", type: nonNegativeInt, doc: "seed of the order", default: 0 }] },
  validation: { args: [{ name: "fraction", type: fraction, doc: "e.g. 0.2" }], options: [] },
};

const trainSettings: Record<string, BindSpec & { doc: string }> = {
  epochs: {
    doc: "passes over the training data",
    args: [{ name: "count", type: { kind: "int", min: 1, max: MAX_EPOCHS }, doc: "e.g. 10" }],
    options: [],
  },
  batch: { doc: "examples per step", args: [{ name: "size", type: { kind: "int", min: 1, max: MAX_BATCH }, doc: "e.g. 32" }], options: [] },
  seed: { doc: "seed of every random choice", args: [{ name: "value", type: nonNegativeInt, doc: "e.g. 42" }], options: [] },
  shuffle: { doc: "reshuffle the training data each epoch", args: [{ name: "enabled", type: bool, doc: "true or false" }], options: [] },
  metrics: {
    doc: "values reported each epoch",
    args: [{ name: "names", type: choice("a metric", metricNames, metricAliases), doc: "e.g. accuracy", variadic: true }],
    options: [],
  },
  checkpoint: {
    doc: "write the training state to a folder, so `dl run --resume` continues from it",
    args: [{ name: "folder", type: text, doc: 'e.g. "checkpoints", relative to the .dl file' }],
    options: [
      { name: "every", type: positiveInt, doc: "epochs between checkpoints (one is also written at the end and on Ctrl-C)", default: 1 },
      { name: "keep", type: positiveInt, doc: "how many of the newest to keep (all when unset)", default: null },
    ],
  },
  early_stopping: {
    doc: "stop when the monitored value stops improving",
    args: [],
    options: [
      { name: "monitor", type: choice("a monitored value", monitored), doc: "value to watch", default: "val_loss" },
      { name: "patience", type: nonNegativeInt, doc: "epochs without improvement before stopping", default: 0 },
      { name: "min_delta", type: positiveNumber, doc: "smallest change that counts", default: 0 },
      { name: "restore_best", type: bool, doc: "go back to the best weights", default: false },
    ],
  },
};

const namedData = { source: Object.values(sources) };
const namedTrain = { optimizer: Object.values(optimizers), loss: [...losses.values()], schedule: schedules };

/**
 * What each setting gave; `valid` is false when the block has errors. A block with errors still
 * yields what is known (its source, its loss), so its fit with the model can be checked too.
 */
export interface Bound<T> {
  value: T;
  valid: boolean;
}

export function checkData(decl: DataDecl, constants: Constants, diagnostics: Diagnostic[]): Bound<CheckedData> | undefined {
  const before = diagnostics.length;
  let source: CheckedData["source"] | undefined;
  const steps: CheckedData["steps"] = [];
  let validation = 0;
  let validationSpan: Span | undefined;
  let shuffle: number | undefined;
  for (const setting of unique(decl.settings, diagnostics, Object.keys(preprocessSteps))) {
    const key = setting.key.name;
    if (key === "source") {
      const named = bindNamed(setting, namedData.source, "source", constants, diagnostics);
      if (named) source = { ...named, span: setting.span };
    } else if (key in dataSettings) {
      const plain = key === "validation" || key === "shuffle";
      const config = bind({ what: `\`${key}\``, ...setting, setting: plain }, dataSettings[key]!, constants, diagnostics);
      if (!config) continue;
      if (key === "validation") {
        validation = config["fraction"] as number;
        validationSpan = setting.span;
      } else if (key === "shuffle") shuffle = config["seed"] as number;
      else steps.push({ name: key, config, span: setting.span });
    } else {
      unknownSetting(setting, ["source", ...Object.keys(dataSettings)], "data", diagnostics);
    }
  }
  if (!decl.settings.some((s) => s.key.name === "source")) {
    diagnostics.push(
      error("DL108", `data \`${decl.name.name}\` needs a \`source\``, decl.name.span, {
        hints: ['e.g. `source mnist` or `source csv "file.csv" label=species`'],
      }),
    );
  }
  if (!source) return undefined;
  return {
    value: {
      name: decl.name.name,
      source,
      steps,
      validation,
      ...(validationSpan ? { validationSpan } : {}),
      ...(shuffle !== undefined ? { shuffle } : {}),
      span: decl.span,
    },
    valid: diagnostics.length === before,
  };
}

export function checkTrain(
  stmt: TrainStmt,
  constants: Constants,
  diagnostics: Diagnostic[],
): Bound<Omit<CheckedTrain, "model" | "data">> | undefined {
  const before = diagnostics.length;
  const named: Partial<Record<keyof typeof namedTrain, { name: string; config: Config }>> = {};
  const spans: Partial<Record<keyof typeof namedTrain, Span>> = {};
  const plain: Record<string, Config> = {};
  for (const setting of unique(stmt.settings, diagnostics, [])) {
    const key = setting.key.name;
    if (key in namedTrain) {
      const k = key as keyof typeof namedTrain;
      const result = bindNamed(setting, namedTrain[k], k, constants, diagnostics);
      if (result) named[k] = result;
      spans[k] = setting.span;
    } else if (key in trainSettings) {
      const config = bind({ what: `\`${key}\``, ...setting, setting: true }, trainSettings[key]!, constants, diagnostics);
      if (config) plain[key] = config;
    } else {
      unknownSetting(setting, [...Object.keys(namedTrain), ...Object.keys(trainSettings)], "train", diagnostics);
    }
  }
  // A `loss` line with a mistake is reported on its own; only a missing one is reported here.
  if (!spans.loss) {
    diagnostics.push(error("DL108", "`train` needs a `loss`", stmt.span, { hints: ["e.g. `loss sparse_categorical_crossentropy`"] }));
  }
  if (!named.loss) return undefined;
  const value = {
    // Keras compile()'s default optimizer.
    optimizer: named.optimizer ?? { name: "rmsprop", config: defaults(optimizers["rmsprop"]!) },
    loss: named.loss,
    ...(named.schedule ? { schedule: named.schedule } : {}),
    ...(plain["early_stopping"] ? { earlyStopping: plain["early_stopping"] } : {}),
    ...(plain["checkpoint"] ? { checkpoint: checkpointOf(plain["checkpoint"], stmt) } : {}),
    metrics: [...((plain["metrics"]?.["names"] as string[] | undefined) ?? [])],
    // Keras fit() defaults.
    epochs: (plain["epochs"]?.["count"] as number | undefined) ?? 1,
    batch: (plain["batch"]?.["size"] as number | undefined) ?? 32,
    seed: (plain["seed"]?.["value"] as number | undefined) ?? 0,
    shuffle: (plain["shuffle"]?.["enabled"] as boolean | undefined) ?? true,
    span: stmt.span,
    spans: { loss: spans.loss!, optimizer: spans.optimizer ?? stmt.span },
  };
  return { value, valid: diagnostics.length === before };
}

function checkpointOf(config: Config, stmt: TrainStmt): NonNullable<CheckedTrain["checkpoint"]> {
  const keep = config["keep"] as number | undefined;
  const span = stmt.settings.find((s) => s.key.name === "checkpoint")!.span;
  return { folder: config["folder"] as string, every: config["every"] as number, ...(keep !== undefined ? { keep } : {}), span };
}

/** `optimizer adam lr=0.001`: the first argument picks the entry, the rest bind to it. */
function bindNamed(setting: Setting, entries: readonly NamedSpec[], what: string, constants: Constants, diagnostics: Diagnostic[]) {
  const [first, ...args] = setting.args;
  const names = entries.map((e) => e.name);
  if (!first || first.type !== "Identifier") {
    diagnostics.push(
      error("DL104", `\`${what}\` needs a name first`, first?.span ?? setting.span, { hints: [`one of: ${names.join(", ")}`] }),
    );
    return undefined;
  }
  const entry = entries.find((e) => e.name === first.name || e.aliases?.includes(first.name));
  if (!entry) {
    diagnostics.push(
      error("DL106", `unknown ${what} \`${first.name}\``, first.span, {
        label: `not a known ${what}`,
        hints: [didYouMean(first.name, names) ?? `one of: ${names.join(", ")}`],
      }),
    );
    return undefined;
  }
  const config = bind(
    { what: `${what} \`${entry.name}\``, args, options: setting.options, span: setting.span },
    entry,
    constants,
    diagnostics,
  );
  return config ? { name: entry.name, config } : undefined;
}

function unknownSetting(setting: Setting, known: string[], where: string, diagnostics: Diagnostic[]): void {
  diagnostics.push(
    error("DL107", `unknown setting \`${setting.key.name}\` in a \`${where}\` block`, setting.key.span, {
      label: "not a setting",
      hints: [didYouMean(setting.key.name, known) ?? `settings here: ${known.join(", ")}`],
    }),
  );
}

/** Each setting once, except the repeatable preprocessing steps. */
function unique(settings: readonly Setting[], diagnostics: Diagnostic[], repeatable: string[]): Setting[] {
  const seen = new Map<string, Setting>();
  return settings.filter((s) => {
    const previous = seen.get(s.key.name);
    if (previous && !repeatable.includes(s.key.name)) {
      diagnostics.push(
        error("DL102", `\`${s.key.name}\` is set twice`, s.key.span, { related: [{ message: "first set here", span: previous.span }] }),
      );
      return false;
    }
    seen.set(s.key.name, s);
    return true;
  });
}
