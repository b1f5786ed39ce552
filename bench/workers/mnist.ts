// The MNIST MLP's training split (48,000 images, scaled to 0..1) as dl prepares it, so every
// peer trains on exactly the same numbers.
import { fitToInput, loadProgram, prepareData } from "../../interpreter/api.ts";

export function mnistTrain(): { x: Float32Array; y: Float32Array; count: number } {
  const loaded = loadProgram(new URL("../../examples/mnist_mlp.dl", import.meta.url).pathname);
  const checked = loaded.checked!;
  const step = checked.workflow.find((s) => s.type === "train")!;
  if (step.type !== "train") throw new Error("no train step");
  const model = checked.models.get(step.train.model)!;
  const splits = fitToInput(prepareData(checked.data.get(step.train.data)!, loaded.file).splits, model.inputShape, step.train.data);
  return { x: splits.train.features, y: splits.train.labels, count: splits.train.count };
}
