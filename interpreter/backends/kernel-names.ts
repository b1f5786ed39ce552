// Every kernel a backend may implement, with the attributes it takes (as tfjs-core's
// kernel_names.ts). Callers of `Backend.run` are checked against this map, and each backend's
// kernel table must have every name here except those it lists as unsupported, so `tsc` reports
// a kernel a backend lacks. Attributes a kernel may do without are optional; it reads its default.

/** Gradient kernels add into their output when `accumulate` (several paths reach one value). */
type Accumulate = { readonly accumulate?: boolean };

/** A sliding window's steps: [rows, columns] each; `pad` is the zeros before the first row and column. */
export type WindowAttrs = { readonly strides?: readonly number[]; readonly dilation?: readonly number[]; readonly pad?: readonly number[] };

type PoolAttrs = WindowAttrs & { readonly pool?: readonly number[] };
type UnaryAttrs = { readonly alpha?: number };
/** Every pointwise loss reads `delta`, huber's threshold; the others ignore it. */
type PointwiseLossAttrs = { readonly delta?: number };
type AttentionAttrs = { readonly heads?: number; readonly causal?: boolean };

/** The activations a recurrent cell runs with: their derivatives are functions of their outputs. */
export const recurrentActivations = ["tanh", "sigmoid", "relu", "linear"] as const;
export type RecurrentActivation = (typeof recurrentActivations)[number];
type RecurrentAttrs = { readonly activation: RecurrentActivation };

/** Kernel name to the attributes a call passes. */
export interface KernelAttrMap {
  matmul: Accumulate & { readonly transposeA?: boolean; readonly transposeB?: boolean };
  bias_grad: Accumulate;
  add: Accumulate;
  sub: Accumulate;
  mul: Accumulate;
  div: Accumulate;
  sum: { readonly axis?: number };
  mean: { readonly axis?: number };
  relu: UnaryAttrs;
  relu_grad: UnaryAttrs & Accumulate;
  sigmoid: UnaryAttrs;
  sigmoid_grad: UnaryAttrs & Accumulate;
  tanh: UnaryAttrs;
  tanh_grad: UnaryAttrs & Accumulate;
  leaky_relu: UnaryAttrs;
  leaky_relu_grad: UnaryAttrs & Accumulate;
  elu: UnaryAttrs;
  elu_grad: UnaryAttrs & Accumulate;
  gelu: UnaryAttrs;
  gelu_grad: UnaryAttrs & Accumulate;
  gelu_tanh: UnaryAttrs;
  gelu_tanh_grad: UnaryAttrs & Accumulate;
  silu: UnaryAttrs;
  silu_grad: UnaryAttrs & Accumulate;
  softplus: UnaryAttrs;
  softplus_grad: UnaryAttrs & Accumulate;
  softmax: {};
  softmax_grad: Accumulate;
  log_softmax: {};
  log_softmax_grad: Accumulate;
  mse: PointwiseLossAttrs;
  mse_grad: PointwiseLossAttrs & Accumulate;
  mae: PointwiseLossAttrs;
  mae_grad: PointwiseLossAttrs & Accumulate;
  huber: PointwiseLossAttrs;
  huber_grad: PointwiseLossAttrs & Accumulate;
  bce: PointwiseLossAttrs;
  bce_grad: PointwiseLossAttrs & Accumulate;
  bce_logits: PointwiseLossAttrs;
  bce_logits_grad: PointwiseLossAttrs & Accumulate;
  cce: {};
  cce_grad: Accumulate;
  cce_logits: {};
  cce_logits_grad: Accumulate;
  sparse_cce: {};
  sparse_cce_grad: Accumulate;
  sparse_cce_logits: {};
  sparse_cce_logits_grad: Accumulate;
  copy: Accumulate;
  fill: { readonly value?: number };
  scale: Accumulate & { readonly alpha?: number };
  sgd_update: { readonly lr: number };
  sgd_momentum_update: { readonly lr: number; readonly momentum: number; readonly nesterov?: boolean };
  adam_update: { readonly lr: number; readonly beta1: number; readonly beta2: number; readonly epsilon: number; readonly t: number };
  rmsprop_update: {
    readonly lr: number;
    readonly rho: number;
    readonly epsilon: number;
    readonly momentum: number;
    readonly centered?: boolean;
  };
  adagrad_update: { readonly lr: number; readonly epsilon: number };
  weight_decay_update: { readonly lr: number; readonly weight_decay: number };
  sum_of_squares: {};
  clip_by_norm: { readonly clipnorm: number };
  clip_by_value: { readonly clipvalue: number };
  regularizer_penalty: { readonly l1: number; readonly l2: number };
  regularizer_gradient: { readonly l1: number; readonly l2: number };
  conv2d: WindowAttrs;
  conv2d_grad_input: WindowAttrs & Accumulate;
  conv2d_grad_filter: WindowAttrs & Accumulate;
  maxpool2d: PoolAttrs;
  maxpool2d_grad: PoolAttrs & Accumulate;
  avgpool2d: PoolAttrs;
  avgpool2d_grad: PoolAttrs & Accumulate;
  global_avgpool: {};
  global_avgpool_grad: Accumulate;
  global_maxpool: {};
  global_maxpool_grad: Accumulate;
  pad2d: { readonly pad?: readonly number[] };
  pad2d_grad: { readonly pad?: readonly number[] } & Accumulate;
  upsample2d: { readonly size?: readonly number[] };
  upsample2d_grad: { readonly size?: readonly number[] } & Accumulate;
  batchnorm_moments: {};
  batchnorm_moving_average: { readonly momentum?: number };
  batchnorm: { readonly epsilon?: number };
  batchnorm_grad: Accumulate;
  layernorm: { readonly epsilon?: number };
  layernorm_grad: Accumulate;
  norm_scale_grad: Accumulate;
  embedding: {};
  embedding_grad: Accumulate;
  simple_rnn: RecurrentAttrs;
  simple_rnn_bptt: RecurrentAttrs;
  lstm: RecurrentAttrs;
  lstm_bptt: RecurrentAttrs;
  gru: RecurrentAttrs;
  gru_bptt: RecurrentAttrs;
  gru_bias_sums: Accumulate;
  attention: AttentionAttrs;
  attention_grad: AttentionAttrs & Accumulate;
  reverse_time: Accumulate;
  concat_last: {};
  slice_last: Accumulate & { readonly offset?: number };
}

export type KernelName = keyof KernelAttrMap;
export type KernelAttrsOf<K extends KernelName> = KernelAttrMap[K];

/** Elementwise activations [x] -> y, each with a gradient kernel `<name>_grad` on [x, y, dy]. */
export type ActivationKernelName = "relu" | "sigmoid" | "tanh" | "leaky_relu" | "elu" | "gelu" | "gelu_tanh" | "silu" | "softplus";
/** Losses [y_pred, y_true] -> [loss], each with a gradient kernel `<name>_grad` on [y_pred, y_true, dloss]. */
export type LossKernelName = "mse" | "mae" | "huber" | "bce" | "bce_logits" | "cce" | "cce_logits" | "sparse_cce" | "sparse_cce_logits";
/** The fused recurrent cells, each with a backprop-through-time kernel `<name>_bptt`. */
export type RecurrentKernelName = "simple_rnn" | "lstm" | "gru";

/** The kernels that take `accumulate`, so a gradient can be written with them. */
export type GradientKernelName = { [K in KernelName]: "accumulate" extends keyof KernelAttrMap[K] ? K : never }[KernelName];

/**
 * A backend's kernels by name: every kernel but those in `Unsupported`, the backend's typed list
 * of kernels it deliberately lacks (models needing them get DL304).
 */
export type KernelTable<Kernel, Unsupported extends KernelName = never> = { readonly [K in Exclude<KernelName, Unsupported>]: Kernel };
