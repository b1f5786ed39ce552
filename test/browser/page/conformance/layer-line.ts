// A reference case's Keras layer (or activation) config as the dl line that asks for the same
// layer, so the case runs through the checker and the layer's own forward like any program.
import { activation } from "../../../../stdlib/activations/index.ts";
import { defaults } from "../../../../stdlib/spec.ts";

type KerasConfig = Record<string, unknown>;

const list = (value: unknown) => `[${(value as number[]).join(", ")}]`;

const recurrent = (kind: string, c: KerasConfig) => `${kind} ${c["units"]} ${c["activation"]} return_sequences=${c["return_sequences"]}`;

const lines: Record<string, (c: KerasConfig) => string> = {
  dense: (c) => `dense ${c["units"]} ${c["activation"]}`,
  flatten: () => "flatten",
  conv1d: (c) =>
    `conv1d ${c["filters"]} ${c["activation"]} kernel=${list(c["kernel_size"])} strides=${list(c["strides"])} padding=${c["padding"]} dilation=${list(c["dilation_rate"])}`,
  conv2d: (c) =>
    `conv2d ${c["filters"]} ${c["activation"]} kernel=${list(c["kernel_size"])} strides=${list(c["strides"])} padding=${c["padding"]} dilation=${list(c["dilation_rate"])}`,
  max_pooling2d: (c) => `maxpool2d ${list(c["pool_size"])} strides=${list(c["strides"])} padding=${c["padding"]}`,
  average_pooling2d: (c) => `avgpool2d ${list(c["pool_size"])} strides=${list(c["strides"])} padding=${c["padding"]}`,
  global_average_pooling2d: () => "global_avgpool2d",
  batch_normalization: (c) => `batchnorm momentum=${c["momentum"]} epsilon=${c["epsilon"]}`,
  layer_normalization: (c) => `layernorm epsilon=${c["epsilon"]}`,
  embedding: (c) => `embedding ${c["input_dim"]} ${c["output_dim"]}`,
  simple_rnn: (c) => recurrent("simple_rnn", c),
  lstm: (c) => recurrent("lstm", c),
  gru: (c) => recurrent("gru", c),
};

/** `layer …` for a Keras layer type, or for an activation with the options dl knows. */
export function layerLine(op: string, config: KerasConfig): string {
  const line = lines[op];
  if (line) return `layer ${line(config)}`;
  const entry = activation(op);
  const options = Object.entries(config).filter(([key]) => key in defaults(entry));
  return ["layer", op, ...options.map(([key, value]) => `${key}=${value}`)].join(" ");
}
