// LeCun: variance 1/fan_in, suited to selu.
import { varianceScalingEntry } from "./variance-scaling.ts";

// U(±sqrt(3/fan_in)). Keras: keras.initializers.LecunUniform.
export const lecunUniform = varianceScalingEntry("lecun_uniform", "keras.initializers.LecunUniform", 1, "fan_in", "uniform");

// truncated N(0, sqrt(1/fan_in)/0.8796) at ±2 stddev. Keras: keras.initializers.LecunNormal.
export const lecunNormal = varianceScalingEntry("lecun_normal", "keras.initializers.LecunNormal", 1, "fan_in", "truncated_normal");
