// Options shared by layers that own a kernel and a bias (Keras names and defaults).
import { activations } from "../activations/index.ts";
import { initializerNames } from "../initializers/index.ts";
import { bool, choice } from "../values.ts";
import type { ArgSpec } from "./layer-spec.ts";

export const activationArg: ArgSpec = {
  name: "activation",
  type: choice("an activation", () => [...activations.keys()]),
  doc: "applied to the output",
  default: "linear",
};

export const kernelOptions: ArgSpec[] = [
  { name: "use_bias", type: bool, doc: "add a learned bias", default: true },
  { name: "kernel_init", type: choice("an initializer", initializerNames), doc: "initializer of the kernel", default: "glorot_uniform" },
  { name: "bias_init", type: choice("an initializer", initializerNames), doc: "initializer of the bias", default: "zeros" },
];

export const paddingOption = (values: readonly string[] = ["valid", "same"]): ArgSpec => ({
  name: "padding",
  type: choice("a padding mode", values),
  doc: "`valid`: no padding; `same`: pad so the output is ceil(input / stride) (TensorFlow's rule)",
  default: "valid",
});
