// Initializers with fixed distributions, independent of the shape's fans.
import { sizeOf } from "../../interpreter/backends/backend.ts";
import { truncatedNormal, type InitializerEntry } from "./initializer.ts";

// w ~ U(minval, maxval). Keras: keras.initializers.RandomUniform(minval=-0.05, maxval=0.05).
export const randomUniform: InitializerEntry = {
  name: "random_uniform",
  keras: "keras.initializers.RandomUniform",
  defaults: { minval: -0.05, maxval: 0.05 },
  options: { minval: "lower bound", maxval: "upper bound (exclusive)" },
  fill(shape, rng, { minval = -0.05, maxval = 0.05 }) {
    const out = new Float32Array(sizeOf(shape));
    for (let i = 0; i < out.length; i++) out[i] = minval + (maxval - minval) * rng.uniform();
    return out;
  },
};

// w ~ N(mean, stddev). Keras: keras.initializers.RandomNormal(mean=0.0, stddev=0.05).
export const randomNormal: InitializerEntry = {
  name: "random_normal",
  keras: "keras.initializers.RandomNormal",
  defaults: { mean: 0, stddev: 0.05 },
  options: { mean: "mean", stddev: "standard deviation" },
  fill(shape, rng, { mean = 0, stddev = 0.05 }) {
    const out = new Float32Array(sizeOf(shape));
    for (let i = 0; i < out.length; i++) out[i] = mean + stddev * rng.normal();
    return out;
  },
};

// w ~ N(mean, stddev) resampled outside mean ± 2 stddev. Keras: keras.initializers.TruncatedNormal(mean=0.0, stddev=0.05).
export const truncatedNormalInitializer: InitializerEntry = {
  name: "truncated_normal",
  keras: "keras.initializers.TruncatedNormal",
  defaults: { mean: 0, stddev: 0.05 },
  options: { mean: "mean", stddev: "standard deviation before truncation" },
  fill(shape, rng, { mean = 0, stddev = 0.05 }) {
    const out = new Float32Array(sizeOf(shape));
    for (let i = 0; i < out.length; i++) out[i] = mean + stddev * truncatedNormal(rng);
    return out;
  },
};
