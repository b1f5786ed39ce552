// Options shared by layers that own a kernel and a bias (Keras names and defaults).
import { activations } from "../activations/index.ts";
import { initializerNames } from "../initializers/index.ts";
import { bool, choice, positiveNumber } from "../values.ts";
import type { ArgSpec, Config, WeightSpec } from "./layer-spec.ts";

export const activationArg: ArgSpec = {
  name: "activation",
  type: choice("an activation", () => [...activations.keys()]),
  doc: "applied to the output",
  default: "linear",
};

/** Initializers a user may name; `lstm_bias` fits only an LSTM's gate layout, which sets it itself. */
const initializerChoices = initializerNames.filter((name) => name !== "lstm_bias");

export const kernelOptions: ArgSpec[] = [
  { name: "use_bias", type: bool, doc: "add a learned bias", default: true },
  { name: "kernel_init", type: choice("an initializer", initializerChoices), doc: "initializer of the kernel", default: "glorot_uniform" },
  { name: "bias_init", type: choice("an initializer", initializerChoices), doc: "initializer of the bias", default: "zeros" },
  { name: "l1", type: positiveNumber, doc: "L1 penalty on the kernel: l1*sum(|w|) is added to the loss", default: 0 },
  { name: "l2", type: positiveNumber, doc: "L2 penalty on the kernel: l2*sum(w^2) is added to the loss", default: 0 },
];

/** The kernel and optional bias of a layer with `kernelOptions`. */
export function kernelAndBias(kernelShape: number[], units: number, config: Config): WeightSpec[] {
  const l1 = config["l1"] as number;
  const l2 = config["l2"] as number;
  const kernel: WeightSpec = {
    name: "kernel",
    shape: kernelShape,
    initializer: config["kernel_init"] as string,
    trainable: true,
    ...(l1 || l2 ? { regularizer: { l1, l2 } } : {}),
  };
  if (!config["use_bias"]) return [kernel];
  return [kernel, { name: "bias", shape: [units], initializer: config["bias_init"] as string, trainable: true }];
}

export const paddingOption = (values: readonly string[] = ["valid", "same"]): ArgSpec => ({
  name: "padding",
  type: choice("a padding mode", values),
  doc: "`valid`: no padding; `same`: pad so the output is ceil(input / stride) (TensorFlow's rule)",
  default: "valid",
});
