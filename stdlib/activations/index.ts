// Every activation by its dl name (the same as Keras' `activation="..."` strings).
import type { Activation } from "./activation.ts";
import { elu } from "./elu.ts";
import { gelu } from "./gelu.ts";
import { leakyRelu } from "./leaky_relu.ts";
import { linear } from "./linear.ts";
import { logSoftmax } from "./log_softmax.ts";
import { relu } from "./relu.ts";
import { sigmoid } from "./sigmoid.ts";
import { silu } from "./silu.ts";
import { softmax } from "./softmax.ts";
import { softplus } from "./softplus.ts";
import { tanh } from "./tanh.ts";

export type { Activation, ActivationOptions } from "./activation.ts";

export const activations: ReadonlyMap<string, Activation> = new Map(
  [linear, relu, sigmoid, tanh, softmax, logSoftmax, leakyRelu, elu, gelu, silu, softplus].map((entry) => [entry.name, entry]),
);

export function activation(name: string): Activation {
  const entry = activations.get(name);
  if (!entry) throw new Error(`unknown activation "${name}"; available: ${[...activations.keys()].join(", ")}`);
  return entry;
}
