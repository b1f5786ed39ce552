// Glorot (Xavier): variance 2/(fan_in + fan_out).
import { varianceScalingEntry } from "./variance-scaling.ts";

// U(±sqrt(6/(fan_in + fan_out))). Keras: keras.initializers.GlorotUniform (the Keras default for kernels).
export const glorotUniform = varianceScalingEntry("glorot_uniform", "keras.initializers.GlorotUniform", 1, "fan_avg", "uniform");

// truncated N(0, sqrt(2/(fan_in + fan_out))/0.8796) at ±2 stddev. Keras: keras.initializers.GlorotNormal.
export const glorotNormal = varianceScalingEntry("glorot_normal", "keras.initializers.GlorotNormal", 1, "fan_avg", "truncated_normal");
