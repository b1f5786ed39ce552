// A whole-model case: the reference's layers written as a dl model, built with the public API on
// the backend, its weights set from the reference, then one real optimizer step per batch. The
// loss before every step, the first batch's predictions and the weights after each step count.
import { build } from "../../../../interpreter/api.ts";
import type { Backend } from "../../../../interpreter/backends/backend.ts";
import { createOptimizer } from "../../../../stdlib/optimizers/index.ts";
import type { RefCase, RefTensor } from "../../../helpers/conformance.ts";
import { compile } from "../compile.ts";
import { CaseValues } from "./case-values.ts";
import { layerLine } from "./layer-line.ts";

type Named = Record<string, RefTensor>;

export async function runModelCase(ref: RefCase, backend: Backend): Promise<CaseValues> {
  const config = ref.config as {
    input_shape: number[];
    layers: ({ type: string } & Record<string, unknown>)[];
    loss: { name: string; from_logits: boolean };
    optimizer: { name: string } & Record<string, number>;
  };
  const source = `model m {\n  input ${config.input_shape.join(" ")}\n${config.layers.map((l) => `  ${layerLine(l.type, l)}\n`).join("")}}\n`;
  const runtime = await build(compile(source).models.get("m")!, {
    backend,
    loss: { name: config.loss.name, config: { from_logits: config.loss.from_logits } },
    seed: 0,
  });
  // Both sides list the weights layer by layer, kernel before bias; the names differ (dense_0 vs dense).
  const refNames = Object.keys(ref.params);
  if (runtime.weights.length !== refNames.length)
    throw new Error(`${ref.name}: ${runtime.weights.length} weights, the reference has ${refNames.length}`);
  const weightOf = new Map(refNames.map((name, i) => [name, runtime.weights[i]!]));
  for (const [name, weight] of weightOf) {
    if (weight.spec.shape.join() !== ref.params[name]!.shape.join())
      throw new Error(`${ref.name}: ${weight.name} is [${weight.spec.shape}], ${name} is [${ref.params[name]!.shape}]`);
    backend.write(weight.tensor, ref.params[name]!.data);
  }
  const { name: optimizerName, ...optimizerOptions } = config.optimizer;
  const optimizer = createOptimizer(
    backend,
    optimizerName,
    optimizerOptions,
    runtime.trainable.map((w) => w.tensor),
  );

  const values = new CaseValues();
  const losses: number[] = [];
  const afterStep = ref.expected["params_after_step"] as Named[] | undefined;
  for (const [k, batch] of (ref.inputs["batches"] as { x: RefTensor; y: RefTensor }[]).entries()) {
    const executor = runtime.executor(batch.x.shape[0]!, 0);
    backend.write(executor.x.tensor, batch.x.data);
    backend.write(executor.y.tensor, batch.y.data);
    executor.plan.forward();
    if (k === 0) values.add("y_pred_step0", await backend.read(executor.output.tensor), ref.expected["y_pred_step0"].data);
    losses.push((await backend.read(executor.loss.tensor))[0]!);
    executor.plan.backward();
    optimizer.step(executor.grads);
    for (const [name, expected] of Object.entries(afterStep?.[k] ?? {})) {
      values.add(`step ${k + 1} ${name}`, await backend.read(weightOf.get(name)!.tensor), expected.data);
    }
  }
  values.add("loss_before_step", losses, ref.expected["loss_before_step"].data);
  for (const [name, expected] of Object.entries(ref.expected["params_final"] as Named)) {
    values.add(`final ${name}`, await backend.read(weightOf.get(name)!.tensor), expected.data);
  }
  return values;
}
