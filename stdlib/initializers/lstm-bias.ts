// w = [0, 1, 0, 0] blocks along the last axis [4*units]: zeros except the forget gate (second block)
// at 1. Keras: LSTM(unit_forget_bias=True) with the default zeros bias_initializer.
import { sizeOf } from "../../interpreter/backends/backend.ts";
import type { InitializerSpec } from "./initializer.ts";

export const lstmBias: InitializerSpec = {
  name: "lstm_bias",
  keras: "keras.layers.LSTM(unit_forget_bias=True)",
  doc: "zeros except the forget gate's block at 1",
  args: [],
  options: [],
  fill(shape) {
    const width = shape.at(-1) ?? 1;
    if (width % 4 !== 0) throw new Error(`lstm_bias: the last axis (${width}) must hold 4 gate blocks`);
    const units = width / 4;
    const out = new Float32Array(sizeOf(shape));
    for (let start = 0; start < out.length; start += width) out.fill(1, start + units, start + 2 * units);
    return out;
  },
};
