// Constant initializers: every element the same value; they draw nothing from the generator.
import { sizeOf } from "../../interpreter/backends/backend.ts";
import type { InitializerEntry } from "./initializer.ts";

// w = 0. Keras: keras.initializers.Zeros (the Keras default for biases).
export const zeros: InitializerEntry = {
  name: "zeros",
  keras: "keras.initializers.Zeros",
  defaults: {},
  options: {},
  fill: (shape) => new Float32Array(sizeOf(shape)),
};

// w = 1. Keras: keras.initializers.Ones.
export const ones: InitializerEntry = {
  name: "ones",
  keras: "keras.initializers.Ones",
  defaults: {},
  options: {},
  fill: (shape) => new Float32Array(sizeOf(shape)).fill(1),
};

// w = value. Keras: keras.initializers.Constant(value=0.0).
export const constant: InitializerEntry = {
  name: "constant",
  keras: "keras.initializers.Constant",
  defaults: { value: 0 },
  options: { value: "the value of every element" },
  fill: (shape, _rng, options) => new Float32Array(sizeOf(shape)).fill(options.value ?? 0),
};
