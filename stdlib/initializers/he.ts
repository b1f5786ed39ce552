// He (Kaiming): variance 2/fan_in, suited to relu.
import { varianceScalingEntry } from "./variance-scaling.ts";

// U(±sqrt(6/fan_in)). Keras: keras.initializers.HeUniform.
export const heUniform = varianceScalingEntry("he_uniform", "keras.initializers.HeUniform", 2, "fan_in", "uniform");

// truncated N(0, sqrt(2/fan_in)/0.8796) at ±2 stddev. Keras: keras.initializers.HeNormal.
export const heNormal = varianceScalingEntry("he_normal", "keras.initializers.HeNormal", 2, "fan_in", "truncated_normal");
