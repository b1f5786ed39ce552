// Initializers with fixed distributions, independent of the shape's fans.
import { sizeOf } from "../../interpreter/backends/backend.ts";
import { truncatedNormal, type InitializerSpec } from "./initializer.ts";
import { number } from "../values.ts";

// w ~ U(minval, maxval). Keras: keras.initializers.RandomUniform(minval=-0.05, maxval=0.05).
export const randomUniform: InitializerSpec = {
  name: "random_uniform",
  keras: "keras.initializers.RandomUniform",
  doc: "w ~ U(minval, maxval)",
  args: [],
  options: [
    { name: "minval", type: number, doc: "lower bound", default: -0.05 },
    { name: "maxval", type: number, doc: "upper bound (exclusive)", default: 0.05 },
  ],
  fill(shape, rng, { minval = -0.05, maxval = 0.05 }) {
    const out = new Float32Array(sizeOf(shape));
    for (let i = 0; i < out.length; i++) out[i] = minval + (maxval - minval) * rng.uniform();
    return out;
  },
};

// w ~ N(mean, stddev). Keras: keras.initializers.RandomNormal(mean=0.0, stddev=0.05).
export const randomNormal: InitializerSpec = {
  name: "random_normal",
  keras: "keras.initializers.RandomNormal",
  doc: "w ~ N(mean, stddev)",
  args: [],
  options: [
    { name: "mean", type: number, doc: "mean", default: 0 },
    { name: "stddev", type: number, doc: "standard deviation", default: 0.05 },
  ],
  fill(shape, rng, { mean = 0, stddev = 0.05 }) {
    const out = new Float32Array(sizeOf(shape));
    for (let i = 0; i < out.length; i++) out[i] = mean + stddev * rng.normal();
    return out;
  },
};

// w ~ N(mean, stddev) resampled outside mean ± 2 stddev. Keras: keras.initializers.TruncatedNormal(mean=0.0, stddev=0.05).
export const truncatedNormalInitializer: InitializerSpec = {
  name: "truncated_normal",
  keras: "keras.initializers.TruncatedNormal",
  doc: "w ~ N(mean, stddev), resampled outside mean ± 2 stddev",
  args: [],
  options: [
    { name: "mean", type: number, doc: "mean", default: 0 },
    { name: "stddev", type: number, doc: "standard deviation before truncation", default: 0.05 },
  ],
  fill(shape, rng, { mean = 0, stddev = 0.05 }) {
    const out = new Float32Array(sizeOf(shape));
    for (let i = 0; i < out.length; i++) out[i] = mean + stddev * truncatedNormal(rng);
    return out;
  },
};
