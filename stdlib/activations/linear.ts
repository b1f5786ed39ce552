// linear(x) = x
import type { Activation } from "./activation.ts";

/** Keras: `keras.activations.linear`; the value passes through, no op is added. */
export const linear: Activation = {
  name: "linear",
  keras: "linear",
  formula: "linear(x) = x",
  defaults: {},
  apply: (_g, x) => x,
};
