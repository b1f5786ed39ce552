// Names the checker accepts for activations and initializers.
export const activationNames = ["linear", "relu", "sigmoid", "tanh", "softmax", "log_softmax", "leaky_relu", "elu", "gelu", "silu", "softplus"] as const;
export const initializerNames = ["glorot_uniform", "glorot_normal", "he_uniform", "he_normal", "lecun_normal", "lecun_uniform", "zeros", "ones"] as const;
