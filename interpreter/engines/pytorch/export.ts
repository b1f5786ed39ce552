// `dl export FILE --to pytorch`: a folder holding a standalone PyTorch program for the .dl
// file's `train` statement (train.py, dl_support.py), dl's seeded initial weights, the prepared
// data as .npy files and the header dl's weights files carry. Everything that cannot be
// generated is refused, on its line, before any data is loaded.
import { DiagnosticError, error } from "../../../diagnostics/diagnostic.ts";
import { DataError } from "../../../stdlib/datasets/data-error.ts";
import { writeSafetensors } from "../../../stdlib/safetensors.ts";
import type { Dataset } from "../../../stdlib/datasets/dataset.ts";
import { sizeOf } from "../../backends/backend.ts";
import { CpuBackend } from "../../backends/cpu/cpu-backend.ts";
import type { CheckedTrain } from "../../check/checked.ts";
import { fitToInput, pickSplit, prepareData, type Split } from "../../runtime/data.ts";
import { ModelRuntime } from "../../runtime/model-runtime.ts";
import { UserError } from "../../runtime/user-error.ts";
import { weightsHeader } from "../../runtime/weights.ts";
import { modelSource, type LoadedProgram } from "../../run.ts";
import { modelCode } from "./model-code.ts";
import { encodeNpy } from "./npy.ts";
import { programCode, type AfterTraining } from "./program-code.ts";

export interface ExportOptions {
  /** Overrides the `epochs` setting (`dl run --epochs`). */
  epochs?: number;
  /** Overrides the `batch` setting (`dl run --batch`). */
  batch?: number;
  /** Overrides the `seed` setting (`dl run --seed`): the initial weights and the shuffling. */
  seed?: number;
}

/** A generated program, checked and ready to write (its data not yet loaded). */
export interface PytorchProgram {
  train: CheckedTrain;
  /** train.py, dl_support.py */
  code: Map<string, string>;
  /** Writes the program, its data and initial weights into `folder` (which exists). */
  write(folder: string): Promise<void>;
}

/** Generates the program or throws the located diagnostic of the first thing it cannot generate. */
export function generatePytorch(loaded: LoadedProgram, options: ExportOptions = {}): PytorchProgram {
  const { checked } = loaded;
  const trains = checked.workflow.flatMap((step) => (step.type === "train" ? [step] : []));
  if (trains.length === 0) throw new UserError(`${loaded.file} has no \`train\` statement to generate a PyTorch program for`);
  const declared = trains[0]!.train;
  const train = {
    ...declared,
    epochs: options.epochs ?? declared.epochs,
    batch: options.batch ?? declared.batch,
    seed: options.seed ?? declared.seed,
  };
  const refuse = (label: string, span: CheckedTrain["span"]): never => {
    throw new DiagnosticError(
      error("DL304", "this program cannot run on the pytorch engine", span, {
        label,
        hints: ["a generated program trains one model once, then evaluates and saves it"],
      }),
    );
  };
  const steps: AfterTraining[] = [];
  let trained = false;
  for (const step of checked.workflow) {
    if (step.type === "train") {
      if (trained) refuse("a second `train` is not generated for PyTorch", step.train.span);
      trained = true;
    } else if (step.type === "load") refuse("`load` is not generated for PyTorch", step.span);
    else if (!trained || step.model !== train.model)
      refuse(`only the trained model \`${train.model}\` is generated, after its \`train\``, step.span);
    else if (step.type === "evaluate") {
      if (step.data !== train.data) refuse(`only data \`${train.data}\`, which the model trains on, is generated`, step.span);
      steps.push({ type: "evaluate", split: step.split });
    } else steps.push({ type: "save", path: step.path });
  }
  const model = checked.models.get(train.model)!;
  const data = checked.data.get(train.data)!;
  const splits: Split[] = [
    "train",
    ...(data.validation > 0 ? (["validation"] as const) : []),
    ...(steps.some((s) => s.type === "evaluate" && s.split === "test") ? (["test"] as const) : []),
  ];
  const { readFileSync, writeFileSync } = process.getBuiltinModule("node:fs");
  const { basename, join } = process.getBuiltinModule("node:path");
  const code = new Map([
    [
      "train.py",
      programCode({
        file: basename(loaded.file),
        model,
        modelCode: modelCode(model).code,
        train,
        epochs: train.epochs,
        steps,
        splits,
      }),
    ],
    ["dl_support.py", readFileSync(new URL("./dl_support.py", import.meta.url), "utf8")],
  ]);

  return {
    train,
    code,
    async write(folder) {
      for (const [name, text] of code) writeFileSync(join(folder, name), text);
      const prepared = atDataSource(loaded, train.data, () => {
        const { splits: all, preprocess } = prepareData(data, loaded.file);
        return { splits: fitToInput(all, model.inputShape, train.data), preprocess };
      });
      for (const split of splits) {
        const part: Dataset = atDataSource(loaded, train.data, () => pickSplit(prepared.splits, split, train.data));
        writeFileSync(join(folder, `x_${split}.npy`), encodeNpy([part.count, ...part.featureShape], part.features));
        writeFileSync(
          join(folder, `y_${split}.npy`),
          encodeNpy([part.count, ...part.labelShape], part.labels.subarray(0, part.count * sizeOf(part.labelShape))),
        );
      }
      const runtime = new ModelRuntime(new CpuBackend(), model, train.loss, train.seed);
      const weights = new Map<string, { shape: number[]; data: Float32Array }>();
      for (const weight of runtime.weights)
        weights.set(weight.name, { shape: [...weight.spec.shape], data: await runtime.backend.read(weight.tensor) });
      writeSafetensors(join(folder, "initial.safetensors"), weights);
      const classes = prepared.splits.train.classes;
      const header = weightsHeader(model, {
        model: model.name,
        source: await modelSource(loaded, model.name),
        loss: train.loss,
        metrics: [...train.metrics],
        preprocess: prepared.preprocess,
        ...(classes ? { classes } : {}),
      });
      writeFileSync(join(folder, "header.json"), JSON.stringify(header, null, 2) + "\n");
    },
  };
}

/** Data problems point at the data block's `source` line, as in `dl run`. */
function atDataSource<T>(loaded: LoadedProgram, name: string, body: () => T): T {
  try {
    return body();
  } catch (e) {
    if (e instanceof DataError)
      throw new DiagnosticError(error("DL301", e.message, loaded.checked.data.get(name)!.source.span, { hints: e.hint ? [e.hint] : [] }));
    throw e;
  }
}
