// linear(x) = x
import type { Activation } from "./activation.ts";

/** Keras: `keras.activations.linear`; the value passes through, no op is added. */
export const linear: Activation = {
  name: "linear",
  keras: "linear",
  doc: "linear(x) = x",
  args: [],
  options: [],
  apply: (_g, x) => x,
};
