// dense: y = activation(x @ kernel + bias) on the last axis. Keras: Dense.
import * as ops from "../../interpreter/autograd/ops/index.ts";
import { activation } from "../activations/index.ts";
import { positiveInt } from "../values.ts";
import { activationArg, kernelAndBias, kernelOptions } from "./common-options.ts";
import { formatShape, ShapeError, type LayerSpec } from "./layer-spec.ts";

export const dense: LayerSpec = {
  name: "dense",
  keras: "Dense",
  doc: "fully connected layer",
  args: [{ name: "units", type: positiveInt, doc: "number of outputs" }, activationArg],
  options: kernelOptions,
  outputShape(input, config) {
    if (input.length === 0) throw new ShapeError(`\`dense\` needs at least one axis, got ${formatShape(input)}`);
    return [...input.slice(0, -1), config["units"] as number];
  },
  params(input, config) {
    const units = config["units"] as number;
    return kernelAndBias([input.at(-1)!, units], units, config);
  },
  forward(layer, x, config) {
    const y = ops.dense(layer.graph, x, layer.param("kernel"), config["use_bias"] ? layer.param("bias") : undefined);
    return activation(config["activation"] as string).apply(layer.graph, y);
  },
};
