// check(): resolves every name, types every value, infers every shape, and checks that
// each `train` fits its model to its data — all before any data is loaded.
import type { BlockDecl, DataDecl, Identifier, ModelDecl, Program, Span, Statement } from "../../grammar/ast.ts";
import { byPosition, error, warning, type Diagnostic } from "../../diagnostics/diagnostic.ts";
import { didYouMean } from "../../diagnostics/suggest.ts";
import { sources } from "../../stdlib/datasets/index.ts";
import { formatShape } from "../../stdlib/layers/layer-spec.ts";
import type { CheckedData, CheckedLayer, CheckedModel, CheckedProgram, CheckedTrain, WorkflowStep } from "./checked.ts";
import { DEFAULT_BATCH, machineMemoryLimit, memoryDiagnostic } from "./memory.ts";
import { checkModel } from "./model.ts";
import { checkData, checkTrain } from "./settings.ts";
import { unusedDeclarations } from "./unused.ts";
import { evaluateConstant } from "./values.ts";

export interface CheckResult {
  program: CheckedProgram;
  diagnostics: Diagnostic[];
}

export interface CheckOptions {
  /** Bytes that training one model may take (weights, optimizer state, activations); the machine's memory by default. */
  maxMemory?: number;
}

/**
 * `syntaxErrors`: the parser recovered from mistakes, so a statement that uses a name may be
 * missing from `program`; the unused-declaration warnings are left out rather than be wrong.
 */
export function check(program: Program, syntaxErrors = false, options: CheckOptions = {}): CheckResult {
  const diagnostics: Diagnostic[] = [];
  const constants = new Map<string, number | undefined>([]);
  const declared = new Map<string, Statement & { name: Identifier }>();
  const blocks = new Map<string, BlockDecl>();
  const modelDecls: ModelDecl[] = [];
  const dataDecls: DataDecl[] = [];

  for (const statement of program.body) {
    if (!("name" in statement)) continue;
    const previous = declared.get(statement.name.name);
    if (previous) {
      diagnostics.push(
        error("DL102", `\`${statement.name.name}\` is defined twice`, statement.name.span, {
          label: "defined again here",
          related: [{ message: "first defined here", span: previous.name.span }],
          hints: ["models, blocks, data and constants share one namespace; rename one of them"],
        }),
      );
      continue;
    }
    declared.set(statement.name.name, statement);
    if (statement.type === "Let") {
      // Constants are evaluated in order, so a constant can use the ones above it.
      const value = evaluateConstant(statement.value, constants);
      // A constant with a mistake stays known, so its uses add no "unknown constant".
      constants.set(statement.name.name, value.ok ? value.value : undefined);
      if (!value.ok && value.diagnostic) diagnostics.push(value.diagnostic);
    } else if (statement.type === "Block") blocks.set(statement.name.name, statement);
    else if (statement.type === "Model") modelDecls.push(statement);
    else if (statement.type === "Data") dataDecls.push(statement);
  }

  // Every model and data block is checked whatever the others hold; one with errors stays out of
  // the checked program, but what is known of it (shapes, source, loss) still meets the rest.
  const models = new Map<string, CheckedModel>();
  const modelShapes = new Map<string, CheckedModel>();
  for (const decl of modelDecls) {
    const result = checkModel(decl, constants, blocks, diagnostics);
    if (!result) continue;
    modelShapes.set(result.model.name, result.model);
    if (result.valid) models.set(result.model.name, result.model);
  }
  const data = new Map<string, CheckedData>();
  const dataKnown = new Map<string, CheckedData>();
  for (const decl of dataDecls) {
    const result = checkData(decl, constants, diagnostics);
    if (!result) continue;
    dataKnown.set(result.value.name, result.value);
    if (result.valid) data.set(result.value.name, result.value);
  }
  const modelNames = modelDecls.map((m) => m.name.name);
  const dataNames = dataDecls.map((d) => d.name.name);
  const resolve = (id: Identifier, names: string[], what: string): boolean => {
    if (names.includes(id.name)) return true;
    const kind = declared.get(id.name)?.type.toLowerCase();
    diagnostics.push(
      error(
        "DL101",
        kind
          ? `\`${id.name}\` is ${kind === "let" ? "a constant" : kind === "data" ? "data" : `a ${kind}`}, not ${what}`
          : `unknown ${what.replace(/^an? /, "")} \`${id.name}\``,
        id.span,
        {
          label: `expected ${what}`,
          hints: [
            didYouMean(id.name, names) ??
              (names.length ? `declared: ${names.join(", ")}` : `declare one with \`${what.replace(/^an? /, "")} NAME { … }\``),
          ],
        },
      ),
    );
    return false;
  };

  const workflow: WorkflowStep[] = [];
  // evaluate and save use what train sets up (the loss, the trained weights).
  const trained = new Set<string>();
  const requireTrained = (model: Identifier, what: string): boolean => {
    if (trained.has(model.name) || !modelNames.includes(model.name)) return true;
    diagnostics.push(
      error("DL108", `\`${what}\` needs model \`${model.name}\` to be trained or loaded first`, model.span, {
        label: "not trained above this line",
        hints: [`add \`train ${model.name} on DATA { … }\` or \`load ${model.name} "FILE.safetensors"\` before this statement`],
      }),
    );
    return false;
  };
  for (const statement of program.body) {
    if (statement.type === "Train") {
      const modelOk = resolve(statement.model, modelNames, "a model");
      // Even if this statement has errors, later statements may rely on it: no follow-on errors.
      trained.add(statement.model.name);
      const dataOk = resolve(statement.data, dataNames, "data");
      const settings = checkTrain(statement, constants, diagnostics);
      const shapes = modelShapes.get(statement.model.name);
      const known = dataKnown.get(statement.data.name);
      if (!settings || !modelOk || !dataOk || !shapes || !known) continue;
      const train: CheckedTrain = { model: shapes.name, data: known.name, ...settings.value };
      const before = diagnostics.length;
      checkFit(shapes, known, train, statement.span, diagnostics);
      const fits = !diagnostics.slice(before).some((d) => d.severity === "error");
      if (settings.valid && fits && models.has(shapes.name) && data.has(known.name)) workflow.push({ type: "train", train });
    } else if (statement.type === "Evaluate") {
      const ok =
        resolve(statement.model, modelNames, "a model") &&
        resolve(statement.data, dataNames, "data") &&
        requireTrained(statement.model, "evaluate");
      const split = statement.split?.name ?? "all";
      if (!["test", "validation", "train", "all"].includes(split)) {
        diagnostics.push(
          error("DL101", `data has no split \`${split}\``, statement.split!.span, {
            hints: [didYouMean(split, ["test", "validation", "train"]) ?? "the splits are test, validation and train"],
          }),
        );
        continue;
      }
      const known = dataKnown.get(statement.data.name);
      // A validation split is known only once the data block checks; a test split from the source alone.
      if (ok && known && (split === "test" || data.has(known.name)) && !hasSplit(known, split)) {
        diagnostics.push(missingSplit(known, split as "test" | "validation", statement.split!.span));
        continue;
      }
      if (ok)
        workflow.push({
          type: "evaluate",
          model: statement.model.name,
          data: statement.data.name,
          split: split as "test",
          span: statement.span,
        });
    } else if (statement.type === "Load") {
      if (resolve(statement.model, modelNames, "a model")) {
        trained.add(statement.model.name);
        workflow.push({ type: "load", model: statement.model.name, path: statement.path.value, span: statement.span });
      }
    } else if (statement.type === "Save") {
      if (resolve(statement.model, modelNames, "a model") && requireTrained(statement.model, "save"))
        workflow.push({ type: "save", model: statement.model.name, path: statement.path.value, span: statement.span });
    }
  }
  const limit = options.maxMemory ?? machineMemoryLimit();
  for (const decl of modelDecls) {
    const model = models.get(decl.name.name);
    if (!model || model.span !== decl.span) continue;
    const batches = workflow.flatMap((s) => (s.type === "train" && s.train.model === model.name ? [s.train.batch] : []));
    const tooLarge = memoryDiagnostic(model, decl, batches.length ? Math.max(...batches) : DEFAULT_BATCH, limit);
    if (!tooLarge) continue;
    diagnostics.push(tooLarge);
    models.delete(model.name);
  }
  if (!syntaxErrors) diagnostics.push(...unusedDeclarations(program));
  return { program: { models, data, workflow }, diagnostics: once(diagnostics).sort(byPosition) };
}

/** A mistake inside a block used twice is found at each use: report it once, with a note at every use. */
function once(diagnostics: Diagnostic[]): Diagnostic[] {
  const seen = new Map<string, Diagnostic>();
  return diagnostics.filter((d) => {
    const key = `${d.code} ${d.span.start.offset} ${d.span.end.offset} ${d.message}`;
    const first = seen.get(key);
    if (!first) {
      seen.set(key, d);
      return true;
    }
    for (const note of d.related) if (!first.related.some((r) => r.span.start.offset === note.span.start.offset)) first.related.push(note);
    return false;
  });
}

/** Whether the data has a split, known from its source's description and its `validation` line. */
function hasSplit(data: CheckedData, split: string): boolean {
  if (split === "test") return sources[data.source.name]?.hasTest?.(data.source.config) ?? false;
  if (split === "validation") return data.validation > 0;
  return true;
}

function missingSplit(data: CheckedData, split: "test" | "validation", span: Span): Diagnostic {
  return error("DL301", `data \`${data.name}\` has no ${split} split`, span, {
    label: split === "test" ? `\`source ${data.source.name}\` gives none` : "its data block has no `validation` line",
    hints: [
      split === "test" ? `evaluate on \`${data.name}\` or \`${data.name}.validation\` instead` : "add `validation 0.2` to the data block",
    ],
  });
}

/** The model's input must take the data's examples, and its output must fit the loss and labels. */
function checkFit(model: CheckedModel, data: CheckedData, train: CheckedTrain, span: Span, diagnostics: Diagnostic[]): void {
  const source = sources[data.source.name];
  const size = (shape: readonly number[]) => shape.reduce((a, b) => a * b, 1);
  if (source?.features && size(source.features) !== size(model.inputShape)) {
    diagnostics.push(
      error(
        "DL201",
        `model \`${model.name}\` takes ${formatShape(model.inputShape)} but \`${data.name}\` gives examples of ${formatShape(source.features)}`,
        span,
        {
          label: "model and data do not fit",
          hints: [`change the model's first line to \`input ${source.features.join(" ")}\``],
        },
      ),
    );
  }
  const output = model.outputShape;
  const loss = train.loss.name;
  const classes = data.source.name === "spirals" ? (data.source.config["classes"] as number) : source?.classes;
  const oneHot = data.steps.some((s) => s.name === "one_hot");
  const last = lastLayer(model);
  const units = output.at(-1) ?? 1;
  const mismatch = (message: string, hints: string[]) =>
    diagnostics.push(error("DL202", message, span, { label: "loss does not fit the model", hints }));

  if (loss === "sparse_categorical_crossentropy" || loss === "categorical_crossentropy") {
    if (output.length !== 1 || units < 2) {
      mismatch(`\`${loss}\` needs one score per class, but \`${model.name}\` outputs ${formatShape(output)}`, [
        classes ? `end the model with \`layer dense ${classes} softmax\`` : "end the model with `layer dense CLASSES softmax`",
      ]);
    } else if (classes !== undefined && units !== classes) {
      mismatch(`\`${data.name}\` has ${classes} classes, but \`${model.name}\` outputs ${units} scores`, [
        `make the last layer \`layer dense ${classes} softmax\``,
      ]);
    } else if (loss === "sparse_categorical_crossentropy" && oneHot) {
      mismatch("`sparse_categorical_crossentropy` takes class indices, but the data is one-hot encoded", [
        "use `categorical_crossentropy`, or remove `one_hot`",
      ]);
    } else if (loss === "categorical_crossentropy" && !oneHot) {
      mismatch("`categorical_crossentropy` takes one-hot labels, but the data has class indices", [
        "use `sparse_categorical_crossentropy`, or add `one_hot` to the data",
      ]);
    }
    const activation = last?.config["activation"] ?? last?.spec.name;
    if (!train.loss.config["from_logits"] && activation !== "softmax") {
      diagnostics.push(
        warning("DL202", `\`${model.name}\` ends without softmax, so its outputs are not probabilities`, last?.span ?? span, {
          hints: ["add `softmax` to the last layer, or write `loss " + loss + " from_logits=true`"],
        }),
      );
    }
  } else if (loss === "binary_crossentropy" && units !== 1 && classes === 2) {
    mismatch(`\`binary_crossentropy\` needs one probability per example, but \`${model.name}\` outputs ${formatShape(output)}`, [
      "end the model with `layer dense 1 sigmoid`",
    ]);
  }
}

function lastLayer(model: CheckedModel): CheckedLayer | undefined {
  const last = model.nodes.at(-1);
  return last?.type === "layer" ? last : undefined;
}
