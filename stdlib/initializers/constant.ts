// Constant initializers: every element the same value; they draw nothing from the generator.
import { sizeOf } from "../../interpreter/backends/backend.ts";
import type { InitializerSpec } from "./initializer.ts";
import { number } from "../values.ts";

// w = 0. Keras: keras.initializers.Zeros (the Keras default for biases).
export const zeros: InitializerSpec = {
  name: "zeros",
  keras: "keras.initializers.Zeros",
  doc: "w = 0",
  args: [],
  options: [],
  fill: (shape) => new Float32Array(sizeOf(shape)),
};

// w = 1. Keras: keras.initializers.Ones.
export const ones: InitializerSpec = {
  name: "ones",
  keras: "keras.initializers.Ones",
  doc: "w = 1",
  args: [],
  options: [],
  fill: (shape) => new Float32Array(sizeOf(shape)).fill(1),
};

// w = value. Keras: keras.initializers.Constant(value=0.0).
export const constant: InitializerSpec = {
  name: "constant",
  keras: "keras.initializers.Constant",
  doc: "w = value",
  args: [],
  options: [{ name: "value", type: number, doc: "the value of every element", default: 0 }],
  fill: (shape, _rng, options) => new Float32Array(sizeOf(shape)).fill(options.value ?? 0),
};
