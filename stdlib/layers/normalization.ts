// batchnorm: gamma*(x-mean)/sqrt(var+eps)+beta over the last axis, batch statistics while training. Keras: BatchNormalization.
// layernorm: the same per example over the last axis. Keras: LayerNormalization.
import * as ops from "../../interpreter/autograd/ops/index.ts";
import { fraction, positiveNumber } from "../values.ts";
import type { LayerSpec } from "./layer-spec.ts";

const epsilon = { name: "epsilon", type: positiveNumber, doc: "added to the variance", default: 1e-3 };

export const batchnorm: LayerSpec = {
  name: "batchnorm",
  keras: "BatchNormalization",
  doc: "normalizes each channel with batch statistics while training and moving statistics at evaluation",
  args: [],
  options: [{ name: "momentum", type: fraction, doc: "moving = moving*momentum + batch*(1-momentum)", default: 0.99 }, epsilon],
  outputShape: (input) => input,
  params(input) {
    const channels = [input.at(-1)!];
    return [
      { name: "gamma", shape: channels, initializer: "ones", trainable: true },
      { name: "beta", shape: channels, initializer: "zeros", trainable: true },
      { name: "moving_mean", shape: channels, initializer: "zeros", trainable: false },
      { name: "moving_variance", shape: channels, initializer: "ones", trainable: false },
    ];
  },
  forward: (layer, x, config) =>
    ops.batchnorm(
      layer.graph,
      x,
      {
        gamma: layer.param("gamma"),
        beta: layer.param("beta"),
        movingMean: layer.param("moving_mean"),
        movingVariance: layer.param("moving_variance"),
      },
      { momentum: config["momentum"] as number, epsilon: config["epsilon"] as number },
    ),
};

export const layernorm: LayerSpec = {
  name: "layernorm",
  keras: "LayerNormalization",
  doc: "normalizes each example over its last axis",
  args: [],
  options: [epsilon],
  outputShape: (input) => input,
  params(input) {
    const channels = [input.at(-1)!];
    return [
      { name: "gamma", shape: channels, initializer: "ones", trainable: true },
      { name: "beta", shape: channels, initializer: "zeros", trainable: true },
    ];
  },
  forward: (layer, x, config) => ops.layernorm(layer.graph, x, layer.param("gamma"), layer.param("beta"), config["epsilon"] as number),
};
