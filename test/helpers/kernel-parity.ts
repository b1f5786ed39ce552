// Runs every kernel a candidate backend implements on the same seeded inputs as a reference
// backend and measures how far each output is from the reference's. Pure TypeScript with no
// Node imports: the browser test bundles it into a page to check the webgl backend in Chromium.
//
// Each case names its inputs by the kind of values a kernel expects (class labels for sparse
// losses, positive variances, probabilities…) and its outputs by shape, or by the input they
// overwrite for in-place kernels (optimizer updates). Outputs start with random values, so
// `accumulate` and in-place updates are checked against what was there. A kernel with no case
// here is an error, so coverage cannot shrink without a test failing.
import type { Backend, Shape, Tensor } from "../../interpreter/backends/backend.ts";
import { compareValues } from "../../interpreter/backends/compare.ts";
import {
  recurrentActivations,
  type ActivationKernelName,
  type KernelAttrsOf,
  type KernelName,
  type LossKernelName,
  type RecurrentKernelName,
  type WindowAttrs,
} from "../../interpreter/backends/kernel-names.ts";

export interface ParityResult {
  kernel: KernelName;
  case: string;
  maxAbs: number;
  maxRel: number;
}

/** How to fill an input: uniform values in [lo, hi], or integer class indices below `classes`. */
type Values = { readonly lo: number; readonly hi: number } | { readonly classes: number } | { readonly constant: number };

interface Input {
  readonly shape: Shape;
  readonly values: Values;
}

/** A call of one kernel, with that kernel's attributes. */
type Case = {
  readonly [K in KernelName]: {
    readonly kernel: K;
    readonly case: string;
    readonly inputs: readonly Input[];
    /** A shape for a fresh output, or the index of the input it overwrites (in place). */
    readonly outputs: readonly (Shape | number)[];
    readonly attrs?: KernelAttrsOf<K>;
  };
}[KernelName];

const signed = { lo: -1, hi: 1 };
const positive = { lo: 0.1, hi: 2 };
const unit = { lo: 0.02, hi: 0.98 };

const x = (...shape: number[]): Input => ({ shape, values: signed });
const pos = (...shape: number[]): Input => ({ shape, values: positive });
const probability = (...shape: number[]): Input => ({ shape, values: unit });
const labels = (classes: number, ...shape: number[]): Input => ({ shape, values: { classes } });
const constant = (value: number, ...shape: number[]): Input => ({ shape, values: { constant: value } });
const scaled = (lo: number, hi: number, ...shape: number[]): Input => ({ shape, values: { lo, hi } });

const ACTIVATIONS: readonly ActivationKernelName[] = [
  "relu",
  "sigmoid",
  "tanh",
  "leaky_relu",
  "elu",
  "gelu",
  "gelu_tanh",
  "silu",
  "softplus",
];
const POINTWISE_LOSSES = ["mse", "mae", "huber", "bce", "bce_logits"] as const;
const ACCUMULATE = [false, true];

function* cases(): Generator<Case> {
  const matmuls: [string, number[], number[], number[], KernelAttrsOf<"matmul">][] = [
    ["2x3 @ 3x4", [2, 3], [3, 4], [2, 4], {}],
    ["33x784 @ 784x17 (MNIST inner dim)", [33, 784], [784, 17], [33, 17], {}],
    ["transposeA 5x7", [5, 7], [5, 3], [7, 3], { transposeA: true }],
    ["transposeB 9x6", [9, 6], [11, 6], [9, 11], { transposeB: true }],
    ["both transposed", [6, 5], [4, 6], [5, 4], { transposeA: true, transposeB: true }],
    ["accumulate, rank 3 input", [2, 3, 5], [5, 7], [6, 7], { accumulate: true }],
    ["transposeA over 1,000 rows", [1000, 13], [1000, 10], [13, 10], { transposeA: true }],
  ];
  for (const [name, a, b, c, attrs] of matmuls) yield { kernel: "matmul", case: name, inputs: [x(...a), x(...b)], outputs: [c], attrs };

  for (const accumulate of ACCUMULATE) {
    yield { kernel: "bias_grad", case: `32x10 accumulate=${accumulate}`, inputs: [x(32, 10)], outputs: [[10]], attrs: { accumulate } };
    yield {
      kernel: "norm_scale_grad",
      case: `4x5x7 accumulate=${accumulate}`,
      inputs: [x(4, 5, 7), x(4, 5, 7)],
      outputs: [[7]],
      attrs: { accumulate },
    };
  }
  yield { kernel: "bias_grad", case: "2000x3", inputs: [x(2000, 3)], outputs: [[3]] };

  for (const op of ["add", "sub", "mul", "div"] as const) {
    const b = (...shape: number[]): Input => (op === "div" ? scaled(0.5, 2, ...shape) : x(...shape));
    yield { kernel: op, case: "full 3x5", inputs: [x(3, 5), b(3, 5)], outputs: [[3, 5]] };
    yield { kernel: op, case: "bias row 7x9", inputs: [x(7, 9), b(9)], outputs: [[7, 9]] };
    yield { kernel: op, case: "scalar", inputs: [x(4, 3), b(1)], outputs: [[4, 3]] };
    yield { kernel: op, case: "in place, accumulate", inputs: [x(2, 3, 4), b(3, 4)], outputs: [0], attrs: { accumulate: true } };
  }
  // Indices above 2^16: index arithmetic must stay exact.
  yield { kernel: "add", case: "bias row over 90,300 values", inputs: [x(300, 301), x(301)], outputs: [[300, 301]] };

  for (const kernel of ["sum", "mean"] as const) {
    yield { kernel, case: "all of 5x7", inputs: [x(5, 7)], outputs: [[1]] };
    yield { kernel, case: "axis 0 of 300x3", inputs: [x(300, 3)], outputs: [[3]], attrs: { axis: 0 } };
    yield { kernel, case: "axis 1 of 2x3x4", inputs: [x(2, 3, 4)], outputs: [[2, 4]], attrs: { axis: 1 } };
    yield { kernel, case: "axis -1 of 3x5", inputs: [x(3, 5)], outputs: [[3]], attrs: { axis: -1 } };
  }

  for (const name of ACTIVATIONS) {
    const alpha = name === "leaky_relu" ? 0.2 : name === "elu" ? 1.3 : 0;
    yield { kernel: name, case: "4x9 in [-6, 6]", inputs: [scaled(-6, 6, 4, 9)], outputs: [[4, 9]], attrs: { alpha } };
    yield { kernel: name, case: "large |x|", inputs: [scaled(-60, 60, 37)], outputs: [[37]], attrs: { alpha } };
    for (const accumulate of ACCUMULATE) {
      // y is what the forward kernel gives for x: sigmoid and tanh gradients read it.
      const y = name === "sigmoid" ? probability(4, 9) : name === "tanh" ? x(4, 9) : x(4, 9);
      yield {
        kernel: `${name}_grad` as const,
        case: `4x9 accumulate=${accumulate}`,
        inputs: [scaled(-6, 6, 4, 9), y, x(4, 9)],
        outputs: [[4, 9]],
        attrs: { alpha, accumulate },
      };
    }
  }

  for (const name of ["softmax", "log_softmax"] as const) {
    yield { kernel: name, case: "32x10", inputs: [scaled(-8, 8, 32, 10)], outputs: [[32, 10]] };
    yield { kernel: name, case: "3x1000", inputs: [scaled(-8, 8, 3, 1000)], outputs: [[3, 1000]] };
    for (const accumulate of ACCUMULATE) {
      const y = name === "softmax" ? probability(6, 7) : scaled(-5, 0, 6, 7);
      yield {
        kernel: `${name}_grad` as const,
        case: `6x7 accumulate=${accumulate}`,
        inputs: [y, x(6, 7)],
        outputs: [[6, 7]],
        attrs: { accumulate },
      };
    }
  }

  for (const name of POINTWISE_LOSSES) {
    const pred = name === "bce" ? probability(16, 3) : scaled(-3, 3, 16, 3);
    const truth = name.startsWith("bce") ? probability(16, 3) : scaled(-3, 3, 16, 3);
    yield { kernel: name, case: "16x3", inputs: [pred, truth], outputs: [[1]], attrs: { delta: 0.7 } };
    yield {
      kernel: name,
      case: "1000x10",
      inputs: [name === "bce" ? probability(1000, 10) : x(1000, 10), probability(1000, 10)],
      outputs: [[1]],
      attrs: { delta: 0.7 },
    };
    for (const accumulate of ACCUMULATE) {
      yield {
        kernel: `${name}_grad` as const,
        case: `16x3 accumulate=${accumulate}`,
        inputs: [pred, truth, constant(1.5, 1)],
        outputs: [[16, 3]],
        attrs: { delta: 0.7, accumulate },
      };
    }
  }

  const crossEntropy: [LossKernelName, (rows: number, classes: number) => Input[]][] = [
    ["cce", (rows, classes) => [pos(rows, classes), probability(rows, classes)]],
    ["cce_logits", (rows, classes) => [scaled(-8, 8, rows, classes), probability(rows, classes)]],
    ["sparse_cce", (rows, classes) => [probability(rows, classes), labels(classes, rows)]],
    ["sparse_cce_logits", (rows, classes) => [scaled(-8, 8, rows, classes), labels(classes, rows)]],
  ];
  for (const [name, inputs] of crossEntropy) {
    yield { kernel: name, case: "32x10", inputs: inputs(32, 10), outputs: [[1]] };
    yield { kernel: name, case: "7x3", inputs: inputs(7, 3), outputs: [[1]] };
    yield { kernel: name, case: "500x37", inputs: inputs(500, 37), outputs: [[1]] };
    for (const accumulate of ACCUMULATE) {
      yield {
        kernel: `${name}_grad` as const,
        case: `32x10 accumulate=${accumulate}`,
        inputs: [...inputs(32, 10), constant(0.75, 1)],
        outputs: [[32, 10]],
        attrs: { accumulate },
      };
    }
    yield { kernel: `${name}_grad` as const, case: "7x3", inputs: [...inputs(7, 3), constant(1, 1)], outputs: [[7, 3]] };
  }

  for (const accumulate of ACCUMULATE) {
    yield { kernel: "copy", case: `2x3x5 accumulate=${accumulate}`, inputs: [x(2, 3, 5)], outputs: [[30]], attrs: { accumulate } };
    yield {
      kernel: "scale",
      case: `4x7 accumulate=${accumulate}`,
      inputs: [x(4, 7)],
      outputs: [[4, 7]],
      attrs: { alpha: -0.3, accumulate },
    };
  }
  yield { kernel: "fill", case: "3x5 with 0.25", inputs: [], outputs: [[3, 5]], attrs: { value: 0.25 } };
  yield { kernel: "fill", case: "20000 zeros", inputs: [], outputs: [[20000]], attrs: { value: 0 } };

  yield* optimizerCases();
  yield* spatialCases();
  yield* normalizationCases();
  yield* recurrentCases();
  yield* attentionCases();

  for (const accumulate of ACCUMULATE) {
    yield {
      kernel: "embedding_grad",
      case: `9 indices into 6x4 accumulate=${accumulate}`,
      inputs: [labels(6, 3, 3), x(3, 3, 4)],
      outputs: [[6, 4]],
      attrs: { accumulate },
    };
    yield {
      kernel: "slice_last",
      case: `offset 2 width 3 of 7 accumulate=${accumulate}`,
      inputs: [x(4, 7)],
      outputs: [[4, 3]],
      attrs: { offset: 2, accumulate },
    };
    yield {
      kernel: "reverse_time",
      case: `3x5x2 accumulate=${accumulate}`,
      inputs: [x(3, 5, 2)],
      outputs: [[3, 5, 2]],
      attrs: { accumulate },
    };
  }
  yield { kernel: "embedding", case: "2x5 indices into 11x3", inputs: [labels(11, 2, 5), x(11, 3)], outputs: [[2, 5, 3]] };
  yield { kernel: "concat_last", case: "3 inputs of widths 2, 5, 1", inputs: [x(3, 4, 2), x(3, 4, 5), x(3, 4, 1)], outputs: [[3, 4, 8]] };
}

function* optimizerCases(): Generator<Case> {
  const w = x(7, 5);
  const g = x(7, 5);
  yield { kernel: "sgd_update", case: "7x5", inputs: [w, g], outputs: [0], attrs: { lr: 0.1 } };
  for (const nesterov of [false, true]) {
    yield {
      kernel: "sgd_momentum_update",
      case: `nesterov=${nesterov}`,
      inputs: [w, g, x(7, 5)],
      outputs: [0, 2],
      attrs: { lr: 0.1, momentum: 0.9, nesterov },
    };
  }
  for (const t of [1, 1000]) {
    yield {
      kernel: "adam_update",
      case: `step ${t}`,
      inputs: [w, g, x(7, 5), pos(7, 5)],
      outputs: [0, 2, 3],
      attrs: { lr: 0.001, beta1: 0.9, beta2: 0.999, epsilon: 1e-7, t },
    };
  }
  yield {
    kernel: "adam_update",
    case: "1000x13",
    inputs: [x(1000, 13), x(1000, 13), x(1000, 13), pos(1000, 13)],
    outputs: [0, 2, 3],
    attrs: { lr: 0.01, beta1: 0.9, beta2: 0.999, epsilon: 1e-7, t: 3 },
  };
  const rmsprop = { lr: 0.01, rho: 0.9, epsilon: 1e-7 };
  yield {
    kernel: "rmsprop_update",
    case: "plain",
    inputs: [w, g, pos(7, 5)],
    outputs: [0, 2],
    attrs: { ...rmsprop, momentum: 0, centered: false },
  };
  yield {
    kernel: "rmsprop_update",
    case: "momentum",
    inputs: [w, g, pos(7, 5), x(7, 5)],
    outputs: [0, 2, 3],
    attrs: { ...rmsprop, momentum: 0.5, centered: false },
  };
  yield {
    kernel: "rmsprop_update",
    case: "centered",
    inputs: [w, g, scaled(1, 2, 7, 5), scaled(-0.1, 0.1, 7, 5)],
    outputs: [0, 2, 3],
    attrs: { ...rmsprop, momentum: 0, centered: true },
  };
  yield {
    kernel: "rmsprop_update",
    case: "momentum and centered",
    inputs: [w, g, scaled(1, 2, 7, 5), x(7, 5), scaled(-0.1, 0.1, 7, 5)],
    outputs: [0, 2, 3, 4],
    attrs: { ...rmsprop, momentum: 0.5, centered: true },
  };
  yield { kernel: "adagrad_update", case: "7x5", inputs: [w, g, pos(7, 5)], outputs: [0, 2], attrs: { lr: 0.01, epsilon: 1e-7 } };
  yield { kernel: "weight_decay_update", case: "7x5", inputs: [w], outputs: [0], attrs: { weight_decay: 0.004, lr: 0.01 } };
  yield { kernel: "sum_of_squares", case: "one input", inputs: [x(7, 5)], outputs: [[1]] };
  yield { kernel: "sum_of_squares", case: "three inputs incl. 100,352 values", inputs: [x(784, 128), x(128), x(3, 3)], outputs: [[1]] };
  yield { kernel: "clip_by_norm", case: "norm 2 above clipnorm 1", inputs: [g, constant(4, 1)], outputs: [0], attrs: { clipnorm: 1 } };
  yield { kernel: "clip_by_norm", case: "norm 0.5 below clipnorm 1", inputs: [g, constant(0.25, 1)], outputs: [0], attrs: { clipnorm: 1 } };
  yield { kernel: "clip_by_value", case: "at 0.5", inputs: [g], outputs: [0], attrs: { clipvalue: 0.5 } };
  yield {
    kernel: "regularizer_penalty",
    case: "l1 and l2",
    inputs: [x(784, 13), constant(0.5, 1)],
    outputs: [1],
    attrs: { l1: 0.01, l2: 0.001 },
  };
  yield { kernel: "regularizer_gradient", case: "l1 and l2", inputs: [w, g], outputs: [1], attrs: { l1: 0.01, l2: 0.001 } };
}

function* spatialCases(): Generator<Case> {
  const convs: [string, number[], number[], number[], WindowAttrs][] = [
    ["3x3 valid", [2, 6, 7, 3], [3, 3, 3, 4], [2, 4, 5, 4], {}],
    ["3x3 same, stride 2", [2, 7, 6, 2], [3, 3, 2, 5], [2, 4, 3, 5], { strides: [2, 2], pad: [1, 1] }],
    ["dilation 2", [1, 9, 8, 2], [3, 2, 2, 3], [1, 5, 6, 3], { dilation: [2, 2] }],
    ["1x1 pointwise", [2, 4, 5, 6], [1, 1, 6, 3], [2, 4, 5, 3], {}],
    ["conv1d NWC", [3, 11, 4], [3, 4, 5], [3, 9, 5], {}],
    ["MNIST-sized 5x5", [4, 28, 28, 1], [5, 5, 1, 8], [4, 24, 24, 8], {}],
  ];
  for (const [name, xs, ks, ys, attrs] of convs) {
    yield { kernel: "conv2d", case: name, inputs: [x(...xs), x(...ks)], outputs: [ys], attrs };
    for (const accumulate of ACCUMULATE) {
      yield {
        kernel: "conv2d_grad_input",
        case: `${name} accumulate=${accumulate}`,
        inputs: [x(...ys), x(...ks)],
        outputs: [xs],
        attrs: { ...attrs, accumulate },
      };
      yield {
        kernel: "conv2d_grad_filter",
        case: `${name} accumulate=${accumulate}`,
        inputs: [x(...xs), x(...ys)],
        outputs: [ks],
        attrs: { ...attrs, accumulate },
      };
    }
  }

  const pools: [string, number[], number[], KernelAttrsOf<"maxpool2d">][] = [
    ["2x2", [2, 6, 8, 3], [2, 3, 4, 3], { pool: [2, 2], strides: [2, 2] }],
    ["3x3 stride 2 odd", [1, 7, 7, 2], [1, 3, 3, 2], { pool: [3, 3], strides: [2, 2] }],
    ["2x2 same padding", [2, 5, 5, 3], [2, 3, 3, 3], { pool: [2, 2], strides: [2, 2], pad: [0, 0] }],
    ["3x3 padded", [1, 5, 6, 2], [1, 5, 6, 2], { pool: [3, 3], strides: [1, 1], pad: [1, 1] }],
    ["pool1d NWC", [2, 9, 4], [2, 4, 4], { pool: [1, 2], strides: [1, 2] }],
  ];
  for (const [name, xs, ys, attrs] of pools) {
    yield { kernel: "maxpool2d", case: name, inputs: [x(...xs)], outputs: [ys], attrs };
    yield { kernel: "avgpool2d", case: name, inputs: [x(...xs)], outputs: [ys], attrs };
    for (const accumulate of ACCUMULATE) {
      yield {
        kernel: "maxpool2d_grad",
        case: `${name} accumulate=${accumulate}`,
        inputs: [x(...xs), x(...ys)],
        outputs: [xs],
        attrs: { ...attrs, accumulate },
      };
      yield {
        kernel: "avgpool2d_grad",
        case: `${name} accumulate=${accumulate}`,
        inputs: [x(...ys)],
        outputs: [xs],
        attrs: { ...attrs, accumulate },
      };
    }
  }

  for (const [name, xs] of [
    ["4d", [2, 5, 3, 7]],
    ["3d", [3, 11, 4]],
  ] as const) {
    const ys = [xs[0], xs[xs.length - 1]!];
    yield { kernel: "global_avgpool", case: name, inputs: [x(...xs)], outputs: [ys] };
    yield { kernel: "global_maxpool", case: name, inputs: [x(...xs)], outputs: [ys] };
    for (const accumulate of ACCUMULATE) {
      yield {
        kernel: "global_avgpool_grad",
        case: `${name} accumulate=${accumulate}`,
        inputs: [x(...ys)],
        outputs: [xs],
        attrs: { accumulate },
      };
      yield {
        kernel: "global_maxpool_grad",
        case: `${name} accumulate=${accumulate}`,
        inputs: [x(...xs), x(...ys)],
        outputs: [xs],
        attrs: { accumulate },
      };
    }
  }

  yield {
    kernel: "pad2d",
    case: "pad [1, 2] of 2x3x4x2 into 2x6x7x2",
    inputs: [x(2, 3, 4, 2)],
    outputs: [[2, 6, 7, 2]],
    attrs: { pad: [1, 2] },
  };
  yield { kernel: "upsample2d", case: "size [2, 3]", inputs: [x(2, 3, 4, 2)], outputs: [[2, 6, 12, 2]], attrs: { size: [2, 3] } };
  for (const accumulate of ACCUMULATE) {
    yield {
      kernel: "pad2d_grad",
      case: `pad [1, 2] accumulate=${accumulate}`,
      inputs: [x(2, 6, 7, 2)],
      outputs: [[2, 3, 4, 2]],
      attrs: { pad: [1, 2], accumulate },
    };
    yield {
      kernel: "upsample2d_grad",
      case: `size [2, 3] accumulate=${accumulate}`,
      inputs: [x(2, 6, 12, 2)],
      outputs: [[2, 3, 4, 2]],
      attrs: { size: [2, 3], accumulate },
    };
  }
}

/** batch 3, time 5, features 4, units 6: every cell, activation, output form and bias choice. */
function* recurrentCases(): Generator<Case> {
  const [batch, time, features, units] = [3, 5, 4, 6];
  const cells: [RecurrentKernelName, number, string[]][] = [
    ["simple_rnn", 1, ["h"]],
    ["lstm", 4, ["gates", "c"]],
    ["gru", 3, ["gates", "mh"]],
  ];
  for (const [cell, gates, saved] of cells) {
    for (const activation of recurrentActivations) {
      const attrs = { activation };
      for (const sequences of [true, false]) {
        const y = sequences ? [batch, time, units] : [batch, units];
        const states = saved.map((what) => (what === "gates" || what === "mh" ? [batch, time, gates * units] : [batch, time, units]));
        const bias = cell === "gru" ? x(2, gates * units) : x(gates * units);
        for (const withBias of sequences ? [true, false] : [true]) {
          yield {
            kernel: cell,
            case: `${activation}, ${sequences ? "sequences" : "last step"}${withBias ? "" : ", no bias"}`,
            inputs: [x(batch, time, features), x(features, gates * units), x(units, gates * units), ...(withBias ? [bias] : [])],
            outputs: [y, [batch, time, units], ...states],
            attrs,
          };
        }
        // The saved states as the forward pass leaves them: gates (and sigmoid states) in (0, 1), the rest any sign.
        const savedInputs = saved.map((what, i) =>
          what === "gates" || (what === "h" && activation === "sigmoid") ? probability(...states[i]!) : x(...states[i]!),
        );
        const work = cell === "lstm" || cell === "gru" ? [[batch, units]] : [];
        const gradients =
          cell === "gru"
            ? [
                [batch, time, gates * units],
                [batch, time, gates * units],
              ]
            : [[batch, time, gates * units]];
        yield {
          kernel: `${cell}_bptt` as const,
          case: `${activation}, ${sequences ? "sequences" : "last step"}`,
          inputs: [x(...y), x(units, gates * units), x(batch, time, units), ...savedInputs],
          outputs: [...gradients, ...work],
          attrs,
        };
      }
    }
  }
  for (const accumulate of ACCUMULATE) {
    yield {
      kernel: "gru_bias_sums",
      case: `3x5x18 accumulate=${accumulate}`,
      inputs: [x(3, 5, 18), x(3, 5, 18)],
      outputs: [[2, 18]],
      attrs: { accumulate },
    };
  }
}

/** batch 2, time 5, 2 heads of 3: plain and causal. */
function* attentionCases(): Generator<Case> {
  const [batch, time, heads, d] = [2, 5, 2, 3];
  const qkv = [batch, time, heads * d];
  for (const causal of [false, true]) {
    const attrs = { heads, causal };
    yield {
      kernel: "attention",
      case: causal ? "causal" : "plain",
      inputs: [scaled(-2, 2, ...qkv), scaled(-2, 2, ...qkv), x(...qkv)],
      outputs: [qkv, [batch, heads, time, time]],
      attrs,
    };
    yield {
      kernel: "attention_grad",
      case: causal ? "causal" : "plain",
      inputs: [probability(batch, heads, time, time), x(...qkv), x(...qkv), x(...qkv), x(...qkv)],
      outputs: [qkv, qkv, qkv, [time]],
      attrs,
    };
  }
}

function* normalizationCases(): Generator<Case> {
  for (const [name, shape] of [
    ["32x10", [32, 10]],
    ["4x6x5x3 NHWC", [4, 6, 5, 3]],
  ] as const) {
    const c = shape[shape.length - 1]!;
    yield { kernel: "batchnorm_moments", case: name, inputs: [scaled(-2, 4, ...shape)], outputs: [[c], [c]] };
    yield {
      kernel: "batchnorm",
      case: name,
      inputs: [x(...shape), x(c), pos(c), x(c), x(c)],
      outputs: [shape, shape, [c]],
      attrs: { epsilon: 1e-3 },
    };
    for (const [through, accumulate] of [
      [1, false],
      [0, false],
      [1, true],
    ] as const) {
      yield {
        kernel: "batchnorm_grad",
        case: `${name} batch statistics=${through} accumulate=${accumulate}`,
        inputs: [x(...shape), pos(c), x(c), x(...shape), constant(through, 1)],
        outputs: [shape],
        attrs: { accumulate },
      };
    }
    const rows = shape.slice(0, -1).reduce((a, b) => a * b, 1);
    yield {
      kernel: "layernorm",
      case: name,
      inputs: [scaled(-2, 4, ...shape), x(c), x(c)],
      outputs: [shape, shape, [rows]],
      attrs: { epsilon: 1e-3 },
    };
    for (const accumulate of ACCUMULATE) {
      yield {
        kernel: "layernorm_grad",
        case: `${name} accumulate=${accumulate}`,
        inputs: [x(...shape), pos(rows), x(c), x(...shape)],
        outputs: [shape],
        attrs: { accumulate },
      };
    }
  }
  yield { kernel: "batchnorm_moving_average", case: "8 channels", inputs: [x(8), x(8)], outputs: [1], attrs: { momentum: 0.99 } };
  yield {
    kernel: "layernorm",
    case: "2x513",
    inputs: [x(2, 513), x(513), x(513)],
    outputs: [[2, 513], [2, 513], [2]],
    attrs: { epsilon: 1e-5 },
  };
}

/** mulberry32: a small seeded generator, so both backends and every run see the same inputs. */
function generator(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function valuesOf(shape: Shape, values: Values, next: () => number): Float32Array {
  let size = 1;
  for (const dim of shape) size *= dim;
  const out = new Float32Array(size);
  for (let i = 0; i < size; i++) {
    if ("constant" in values) out[i] = values.constant;
    else if ("classes" in values) out[i] = Math.floor(next() * values.classes);
    else out[i] = values.lo + next() * (values.hi - values.lo);
  }
  return out;
}

/** Runs one case on a backend from the same data and returns every output's values. */
async function runCase(
  backend: Backend,
  item: Case,
  data: readonly Float32Array[],
  initial: readonly Float32Array[],
): Promise<Float32Array[]> {
  const upload = (shape: Shape, values: Float32Array): Tensor => {
    const tensor = backend.alloc(shape);
    backend.write(tensor, values);
    return tensor;
  };
  const inputs = item.inputs.map((input, i) => upload(input.shape, data[i]!));
  const outputs = item.outputs.map((output, i) => (typeof output === "number" ? inputs[output]! : upload(output, initial[i]!)));
  backend.run<KernelName>(item.kernel, inputs, outputs, item.attrs ?? {});
  const values = await Promise.all(outputs.map((tensor) => backend.read(tensor)));
  for (const tensor of new Set([...inputs, ...outputs])) backend.dispose(tensor);
  return values;
}

/** Every case of every kernel in `candidate.kernels`, with the largest difference over the case's outputs. */
export async function kernelParity(reference: Backend, candidate: Backend): Promise<ParityResult[]> {
  const all = [...cases()];
  const missing = [...candidate.kernels].filter((kernel) => !all.some((item) => item.kernel === kernel));
  if (missing.length > 0) throw new Error(`kernelParity: no case for ${missing.join(", ")}`);
  const results: ParityResult[] = [];
  let seed = 1;
  for (const item of all.filter((c) => candidate.kernels.has(c.kernel))) {
    const next = generator(seed++);
    const data = item.inputs.map((input) => valuesOf(input.shape, input.values, next));
    const initial = item.outputs.map((output) => (typeof output === "number" ? new Float32Array(0) : valuesOf(output, signed, next)));
    const expected = await runCase(reference, item, data, initial);
    const actual = await runCase(candidate, item, data, initial);
    let maxAbs = 0;
    let maxRel = 0;
    expected.forEach((values, i) => {
      const difference = compareValues(actual[i]!, values);
      maxAbs = Math.max(maxAbs, difference.maxAbs);
      maxRel = Math.max(maxRel, difference.maxRel);
    });
    results.push({ kernel: item.kernel, case: item.case, maxAbs, maxRel });
  }
  return results;
}
