// One layer per activation, so `layer relu` works like Keras' ReLU / Activation("relu");
// options and defaults come from the activation's own entry.
import { activations } from "../activations/index.ts";
import type { LayerSpec } from "./layer-spec.ts";

export const activationLayers: LayerSpec[] = [...activations.values()].map((entry) => ({
  name: entry.name,
  keras: "Activation",
  doc: entry.doc,
  args: [],
  options: entry.options,
  outputShape: (input) => input,
  params: () => [],
  forward: (layer, x, config) => entry.apply(layer.graph, x, config as Record<string, number | boolean>),
}));
