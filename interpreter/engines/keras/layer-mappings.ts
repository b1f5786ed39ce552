// Each dl layer kind as a Keras layer, both ways: its class and config in a dialect (TF.js or
// Keras 3), where each of its weights lives in that dialect's files, and the dl line a Keras
// config reads back as. The exporters and the importer read this one table.
import type { CheckedLayer } from "../../check/checked.ts";
import { perAxis } from "../../../stdlib/layers/per-axis.ts";
import { dlActivation, kerasActivation } from "./activation-names.ts";
import { dlLine, type LineValue } from "./dl-line.ts";
import { Unsupported, type Flavor } from "./unsupported.ts";

export type KerasConfig = Record<string, unknown>;

export interface KerasLayerConfig {
  className: string;
  config: KerasConfig;
}

/** Where one of a layer's weights lives in Keras, and its shape there. */
export interface WeightPlace {
  /** dl's weight name within the layer: kernel, forward_kernel, query_kernel, … */
  dl: string;
  /** TF.js's name below the layer's: kernel, forward_lstm/kernel, … */
  tfjs: string;
  /** Keras 3's dataset below `layers/NAME/` in model.weights.h5: vars/0, cell/vars/1, … */
  h5: string;
  shape: readonly number[];
}

export interface LayerMapping {
  /** The dl kinds it writes. */
  dl: readonly string[];
  /** The Keras classes it reads. */
  keras: readonly string[];
  toKeras(layer: CheckedLayer, flavor: Flavor): KerasLayerConfig | Unsupported;
  /** The dl line (after `layer`) of a Keras layer; `call` holds the keyword arguments it was called with. */
  fromKeras(className: string, config: KerasConfig, call: KerasConfig): string | Unsupported;
  /** Default: the layer's weights under their own names, in order, in `vars/`. */
  weights?(layer: CheckedLayer, innerName: string): WeightPlace[];
}

const int = (v: unknown) => v as number;
const str = (v: unknown) => v as string;
/** A Keras size given as one number or a list. */
const sizes = (v: unknown): number[] => (Array.isArray(v) ? (v as number[]) : [v as number]);

function activationOf(config: KerasConfig, flavor: Flavor): string | Unsupported {
  return kerasActivation(str(config["activation"] ?? "linear"), flavor);
}

/** The dl activation of a Keras config's `activation`, as a positional argument (empty when linear). */
function activationArg(config: KerasConfig): LineValue[] | Unsupported {
  const keras = str(config["activation"] ?? "linear");
  const dl = dlActivation(keras);
  if (!dl) return new Unsupported(`activation \`${keras}\``);
  return dl === "linear" ? [] : [dl];
}

function requireChannelsLast(config: KerasConfig): Unsupported | undefined {
  const format = config["data_format"];
  return format == null || format === "channels_last" ? undefined : new Unsupported(`data_format \`${str(format)}\` (dl is channels-last)`);
}

/** Runs `build` unless a check failed or an argument could not be expressed. */
function unless(problems: readonly (Unsupported | undefined | unknown)[], build: () => string): string | Unsupported {
  const problem = problems.find((p) => p instanceof Unsupported) as Unsupported | undefined;
  return problem ?? build();
}

const dense: LayerMapping = {
  dl: ["dense"],
  keras: ["Dense"],
  toKeras(layer, flavor) {
    const activation = activationOf(layer.config, flavor);
    if (activation instanceof Unsupported) return activation;
    return { className: "Dense", config: { units: layer.config["units"], activation, use_bias: layer.config["use_bias"] } };
  },
  fromKeras(_, config) {
    const activation = activationArg(config);
    return unless([activation], () =>
      dlLine("dense", [int(config["units"]), ...(activation as LineValue[])], { use_bias: config["use_bias"] as boolean | undefined }),
    );
  },
};

function convolution(axes: 1 | 2): LayerMapping {
  const kind = `conv${axes}d`;
  const className = `Conv${axes}D`;
  return {
    dl: [kind],
    keras: [className],
    toKeras(layer, flavor) {
      const activation = activationOf(layer.config, flavor);
      if (activation instanceof Unsupported) return activation;
      const c = layer.config;
      return {
        className,
        config: {
          filters: c["filters"],
          kernel_size: perAxis(c["kernel"], axes),
          strides: perAxis(c["strides"], axes),
          padding: c["padding"],
          dilation_rate: perAxis(c["dilation"], axes),
          activation,
          use_bias: c["use_bias"],
          data_format: "channels_last",
        },
      };
    },
    fromKeras(_, config) {
      const activation = activationArg(config);
      const groups = int(config["groups"] ?? 1) === 1 ? undefined : new Unsupported("grouped convolution (groups > 1)");
      return unless([activation, groups, requireChannelsLast(config)], () =>
        dlLine(kind, [int(config["filters"]), ...(activation as LineValue[])], {
          kernel: sizes(config["kernel_size"]),
          strides: sizes(config["strides"] ?? 1),
          padding: str(config["padding"] ?? "valid"),
          dilation: sizes(config["dilation_rate"] ?? 1),
          use_bias: config["use_bias"] as boolean | undefined,
        }),
      );
    },
  };
}

function pooling(axes: 1 | 2, reduction: "max" | "avg"): LayerMapping {
  const kind = `${reduction}pool${axes}d`;
  const className = `${reduction === "max" ? "Max" : "Average"}Pooling${axes}D`;
  return {
    dl: [kind],
    keras: [className],
    toKeras(layer) {
      const pool = perAxis(layer.config["pool"], axes);
      const strides = layer.config["strides"] == null ? pool : perAxis(layer.config["strides"], axes);
      return {
        className,
        config: { pool_size: pool, strides, padding: layer.config["padding"], data_format: "channels_last" },
      };
    },
    fromKeras(_, config) {
      const pool = sizes(config["pool_size"]);
      const strides = config["strides"] == null ? pool : sizes(config["strides"]);
      return unless([requireChannelsLast(config)], () =>
        dlLine(kind, [pool], {
          strides: JSON.stringify(strides) === JSON.stringify(pool) ? undefined : strides,
          padding: str(config["padding"] ?? "valid"),
        }),
      );
    },
  };
}

function globalPooling(axes: 1 | 2, reduction: "max" | "avg"): LayerMapping {
  const kind = `global_${reduction}pool${axes}d`;
  const className = `Global${reduction === "max" ? "Max" : "Average"}Pooling${axes}D`;
  return {
    dl: [kind],
    keras: [className],
    toKeras: () => ({ className, config: { data_format: "channels_last" } }),
    fromKeras(_, config) {
      const keepdims = config["keepdims"] ? new Unsupported("keepdims=True") : undefined;
      return unless([keepdims, requireChannelsLast(config)], () => dlLine(kind, []));
    },
  };
}

/** Layers whose config is a few plain fields. */
function plain(kind: string, className: string, fields: Record<string, string>, fixed: KerasConfig = {}): LayerMapping {
  return {
    dl: [kind],
    keras: [className],
    toKeras: (layer) => ({
      className,
      config: { ...fixed, ...Object.fromEntries(Object.entries(fields).map(([dl, keras]) => [keras, layer.config[dl]])) },
    }),
    fromKeras: (_, config) =>
      unless([requireChannelsLast(config)], () =>
        dlLine(kind, [], Object.fromEntries(Object.entries(fields).map(([dl, keras]) => [dl, config[keras] as LineValue | undefined]))),
      ),
  };
}

/** Normalization over the last axis: the importer checks `axis` against the input's rank. */
function normalization(kind: string, className: string, fields: Record<string, string>): LayerMapping {
  const base = plain(kind, className, fields, { axis: -1, center: true, scale: true });
  return {
    ...base,
    fromKeras(name, config, call) {
      if (config["center"] === false || config["scale"] === false) return new Unsupported("center=False or scale=False");
      return base.fromKeras(name, config, call);
    },
  };
}

const reshape: LayerMapping = {
  dl: ["reshape"],
  keras: ["Reshape"],
  toKeras: (layer) => ({ className: "Reshape", config: { target_shape: layer.config["shape"] } }),
  fromKeras(_, config) {
    const target = config["target_shape"] as number[];
    return target.some((d) => d < 1) ? new Unsupported("a target shape with -1") : `reshape ${target.join(" ")}`;
  },
};

const dropout: LayerMapping = {
  dl: ["dropout"],
  keras: ["Dropout"],
  toKeras: (layer) => ({ className: "Dropout", config: { rate: layer.config["rate"] } }),
  fromKeras: (_, config) => dlLine("dropout", [config["rate"] as number]),
};

const embedding: LayerMapping = {
  dl: ["embedding"],
  keras: ["Embedding"],
  toKeras: (layer) => ({
    className: "Embedding",
    config: { input_dim: layer.config["input_dim"], output_dim: layer.config["output_dim"], mask_zero: false },
  }),
  fromKeras: (_, config) =>
    config["mask_zero"] ? new Unsupported("mask_zero=True") : dlLine("embedding", [int(config["input_dim"]), int(config["output_dim"])]),
};

const upsampling: LayerMapping = {
  dl: ["upsampling2d"],
  keras: ["UpSampling2D"],
  toKeras: (layer) => ({
    className: "UpSampling2D",
    config: { size: perAxis(layer.config["size"], 2), interpolation: "nearest", data_format: "channels_last" },
  }),
  fromKeras(_, config) {
    const bilinear =
      (config["interpolation"] ?? "nearest") === "nearest"
        ? undefined
        : new Unsupported(`interpolation \`${str(config["interpolation"])}\``);
    return unless([bilinear, requireChannelsLast(config)], () => dlLine("upsampling2d", [sizes(config["size"] ?? 2)]));
  },
};

const zeroPadding: LayerMapping = {
  dl: ["zeropadding2d"],
  keras: ["ZeroPadding2D"],
  toKeras(layer) {
    const [ph, pw] = perAxis(layer.config["padding"], 2);
    return {
      className: "ZeroPadding2D",
      config: {
        padding: [
          [ph, ph],
          [pw, pw],
        ],
        data_format: "channels_last",
      },
    };
  },
  fromKeras(_, config) {
    const padding = config["padding"];
    const pairs = (Array.isArray(padding) ? padding : [padding, padding]).map((p) =>
      Array.isArray(p) ? (p as number[]) : [p as number, p as number],
    );
    if (pairs.some(([before, after]) => before !== after)) return new Unsupported("uneven zero padding");
    return unless([requireChannelsLast(config)], () => dlLine("zeropadding2d", [pairs.map((p) => p[0]!)]));
  },
};

const recurrentClasses: Record<string, string> = { simple_rnn: "SimpleRNN", lstm: "LSTM", gru: "GRU" };
const recurrentKinds: Record<string, string> = Object.fromEntries(Object.entries(recurrentClasses).map(([dl, keras]) => [keras, dl]));

/** A recurrent layer's Keras config from dl's settings (shared with the layer `bidirectional` wraps). */
function recurrentConfig(kind: string, c: KerasConfig, flavor: Flavor): KerasConfig | Unsupported {
  if (kind === "gru" && flavor === "tfjs") {
    return new Unsupported("TF.js's GRU has no reset_after=True (the Keras 3 and PyTorch form dl uses)");
  }
  const activation = kerasActivation(str(c["activation"]), flavor);
  if (activation instanceof Unsupported) return activation;
  return {
    units: c["units"],
    activation,
    ...(kind === "simple_rnn" ? {} : { recurrent_activation: "sigmoid" }),
    use_bias: c["use_bias"],
    return_sequences: c["return_sequences"],
    return_state: false,
    go_backwards: false,
    stateful: false,
    unroll: false,
    ...(kind === "lstm" ? { unit_forget_bias: c["unit_forget_bias"] ?? true } : {}),
    ...(kind === "gru" ? { reset_after: true } : {}),
  };
}

/** What dl cannot run of a Keras recurrent config. */
function recurrentProblem(className: string, config: KerasConfig): Unsupported | undefined {
  if (config["return_state"] || config["go_backwards"] || config["stateful"])
    return new Unsupported("return_state, go_backwards or stateful");
  const gate = config["recurrent_activation"] ?? "sigmoid";
  if (className !== "SimpleRNN" && gate !== "sigmoid")
    return new Unsupported(`recurrent_activation \`${str(gate)}\` (dl's gates are sigmoid)`);
  if (className === "GRU" && config["reset_after"] === false) return new Unsupported("reset_after=False (dl's GRU is reset_after=True)");
  return undefined;
}

/** `n` weights in order as `group/vars/0…`, TF.js names under `prefix`. */
function placed(layer: CheckedLayer, group: string, prefix = "", dlPrefix = ""): WeightPlace[] {
  return layer.params
    .filter((p) => p.name.startsWith(dlPrefix))
    .map((p, i) => ({ dl: p.name, tfjs: `${prefix}${p.name.slice(dlPrefix.length)}`, h5: `${group}vars/${i}`, shape: p.shape }));
}

const recurrent: LayerMapping = {
  dl: Object.keys(recurrentClasses),
  keras: Object.values(recurrentClasses),
  toKeras(layer, flavor) {
    const config = recurrentConfig(layer.spec.name, layer.config, flavor);
    return config instanceof Unsupported ? config : { className: recurrentClasses[layer.spec.name]!, config };
  },
  fromKeras(className, config) {
    const activation = dlActivation(str(config["activation"] ?? "tanh"));
    return unless(
      [recurrentProblem(className, config), activation ? undefined : new Unsupported(`activation \`${str(config["activation"])}\``)],
      () =>
        dlLine(recurrentKinds[className]!, [int(config["units"]), activation!], {
          return_sequences: config["return_sequences"] as boolean | undefined,
          use_bias: config["use_bias"] as boolean | undefined,
          ...(className === "LSTM" ? { unit_forget_bias: config["unit_forget_bias"] as boolean | undefined } : {}),
        }),
    );
  },
  weights: (layer) => placed(layer, "cell/"),
};

const bidirectional: LayerMapping = {
  dl: ["bidirectional"],
  keras: ["Bidirectional"],
  toKeras(layer, flavor) {
    const kind = str(layer.config["cell"]);
    const inner = recurrentConfig(kind, layer.config, flavor);
    if (inner instanceof Unsupported) return inner;
    const wrapped = { class_name: recurrentClasses[kind], config: { name: kind, ...inner } };
    const keras3 = flavor === "keras" ? { module: "keras.layers", registered_name: null } : {};
    return { className: "Bidirectional", config: { layer: { ...keras3, ...wrapped }, merge_mode: layer.config["merge"] } };
  },
  fromKeras(_, config) {
    const wrapped = config["layer"] as { class_name: string; config: KerasConfig };
    const kind = recurrentKinds[wrapped.class_name];
    const merge = str(config["merge_mode"] ?? "concat");
    if (!kind) return new Unsupported(`a wrapped \`${wrapped.class_name}\``);
    if (merge !== "concat" && merge !== "sum") return new Unsupported(`merge_mode \`${merge}\``);
    const activation = dlActivation(str(wrapped.config["activation"] ?? "tanh"));
    return unless([recurrentProblem(wrapped.class_name, wrapped.config), activation ? undefined : new Unsupported("its activation")], () =>
      dlLine("bidirectional", [kind, int(wrapped.config["units"]), activation!], {
        return_sequences: wrapped.config["return_sequences"] as boolean | undefined,
        use_bias: wrapped.config["use_bias"] as boolean | undefined,
        merge,
      }),
    );
  },
  weights: (layer, innerName) => [
    ...placed(layer, "forward_layer/cell/", `forward_${innerName}/`, "forward_"),
    ...placed(layer, "backward_layer/cell/", `backward_${innerName}/`, "backward_"),
  ],
};

const attention: LayerMapping = {
  dl: ["attention"],
  keras: ["MultiHeadAttention"],
  toKeras(layer, flavor) {
    if (flavor === "tfjs") return new Unsupported("TF.js 4.22 has no MultiHeadAttention layer; export to ONNX or Keras instead");
    const keyDim = layer.config["key_dim"];
    return {
      className: "MultiHeadAttention",
      config: {
        num_heads: layer.config["heads"],
        key_dim: keyDim,
        value_dim: keyDim,
        dropout: 0,
        use_bias: true,
        output_shape: null,
        attention_axes: null,
      },
    };
  },
  fromKeras(_, config, call) {
    const keyDim = int(config["key_dim"]);
    const differs =
      (config["value_dim"] ?? keyDim) !== keyDim ||
      config["use_bias"] === false ||
      config["output_shape"] != null ||
      config["attention_axes"] != null;
    if (differs) return new Unsupported("value_dim, use_bias=False, output_shape or attention_axes");
    return dlLine("attention", [int(config["num_heads"]), keyDim], { causal: Boolean(call["use_causal_mask"]) });
  },
  // Keras keeps heads on their own axis: kernels [features, heads, key_dim], the output's [heads, key_dim, features].
  weights(layer) {
    const heads = layer.config["heads"] as number;
    const keyDim = layer.config["key_dim"] as number;
    const features = layer.inputShape.at(-1)!;
    const projection = (name: string): WeightPlace[] => [
      { dl: `${name}_kernel`, tfjs: `${name}/kernel`, h5: `${name}_dense/vars/0`, shape: [features, heads, keyDim] },
      { dl: `${name}_bias`, tfjs: `${name}/bias`, h5: `${name}_dense/vars/1`, shape: [heads, keyDim] },
    ];
    return [
      ...projection("query"),
      ...projection("key"),
      ...projection("value"),
      { dl: "attention_output_kernel", tfjs: "attention_output/kernel", h5: "output_dense/vars/0", shape: [heads, keyDim, features] },
      { dl: "attention_output_bias", tfjs: "attention_output/bias", h5: "output_dense/vars/1", shape: [features] },
    ];
  },
};

const activationLayer: LayerMapping = {
  dl: ["linear", "relu", "sigmoid", "tanh", "softmax", "log_softmax", "leaky_relu", "elu", "gelu", "silu", "softplus"],
  keras: ["Activation", "LeakyReLU", "ELU", "ReLU", "Softmax"],
  toKeras(layer, flavor) {
    const kind = layer.spec.name;
    if (kind === "leaky_relu") {
      return { className: "LeakyReLU", config: { [flavor === "tfjs" ? "alpha" : "negative_slope"]: layer.config["negative_slope"] } };
    }
    if (kind === "elu" && layer.config["alpha"] !== 1) return { className: "ELU", config: { alpha: layer.config["alpha"] } };
    if (kind === "gelu" && layer.config["approximate"])
      return new Unsupported("the tanh approximation of gelu (Keras and TF.js have the exact one: `layer gelu`)");
    const activation = kerasActivation(kind, flavor);
    return activation instanceof Unsupported ? activation : { className: "Activation", config: { activation } };
  },
  fromKeras(className, config) {
    switch (className) {
      case "LeakyReLU":
        return dlLine("leaky_relu", [], { negative_slope: (config["negative_slope"] ?? config["alpha"] ?? 0.3) as number });
      case "ELU":
        return dlLine("elu", [], { alpha: (config["alpha"] ?? 1) as number });
      case "ReLU":
        return config["max_value"] != null || int(config["negative_slope"] ?? 0) !== 0 || int(config["threshold"] ?? 0) !== 0
          ? new Unsupported("max_value, negative_slope or threshold")
          : "relu";
      case "Softmax":
        return "softmax";
      default: {
        const dl = dlActivation(str(config["activation"]));
        return dl ?? new Unsupported(`activation \`${str(config["activation"])}\``);
      }
    }
  },
};

const add: LayerMapping = {
  dl: ["add"],
  keras: ["Add"],
  toKeras: () => ({ className: "Add", config: {} }),
  fromKeras: () => "add",
};

const concat: LayerMapping = {
  dl: ["concat"],
  keras: ["Concatenate"],
  toKeras: () => ({ className: "Concatenate", config: { axis: -1 } }),
  fromKeras: () => "concat",
};

const mappings: LayerMapping[] = [
  dense,
  convolution(1),
  convolution(2),
  ...([1, 2] as const).flatMap((axes) => (["max", "avg"] as const).flatMap((r) => [pooling(axes, r), globalPooling(axes, r)])),
  plain("flatten", "Flatten", {}, { data_format: "channels_last" }),
  reshape,
  dropout,
  normalization("batchnorm", "BatchNormalization", { momentum: "momentum", epsilon: "epsilon" }),
  normalization("layernorm", "LayerNormalization", { epsilon: "epsilon" }),
  embedding,
  upsampling,
  zeroPadding,
  recurrent,
  bidirectional,
  attention,
  activationLayer,
  add,
  concat,
];

export const byDlKind: ReadonlyMap<string, LayerMapping> = new Map(mappings.flatMap((m) => m.dl.map((kind) => [kind, m])));
export const byKerasClass: ReadonlyMap<string, LayerMapping> = new Map(mappings.flatMap((m) => m.keras.map((name) => [name, m])));

/** Where a dl layer's weights live in Keras (`innerName`: the layer a Bidirectional wraps). */
export function weightPlaces(layer: CheckedLayer, innerName = ""): WeightPlace[] {
  const mapping = byDlKind.get(layer.spec.name)!;
  return mapping.weights ? mapping.weights(layer, innerName) : placed(layer, "");
}
