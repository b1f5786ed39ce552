// One layer per activation, so `layer relu` works like Keras' ReLU / Activation("relu").
import { activationNames } from "../vocabulary.ts";
import { number } from "../values.ts";
import type { ArgSpec, LayerSpec } from "./layer-spec.ts";

/** Keras defaults for the activations that take a parameter. */
const activationOptions: Record<string, ArgSpec[]> = {
  leaky_relu: [{ name: "alpha", type: number, doc: "slope for x < 0", default: 0.2 }],
  elu: [{ name: "alpha", type: number, doc: "scale for x < 0", default: 1 }],
  gelu: [{ name: "approximate", type: { kind: "bool" }, doc: "use the tanh approximation", default: false }],
};

export const activationLayers: LayerSpec[] = activationNames.map((name) => ({
  kind: name,
  keras: "Activation",
  doc: `applies ${name} element-wise`,
  args: [],
  options: activationOptions[name] ?? [],
  outputShape: (input) => input,
  params: () => [],
}));
