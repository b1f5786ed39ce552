// A checked model as a PyTorch nn.Module: one attribute per layer with weights, one line of
// `forward` per node, and WEIGHTS, which maps each of dl's `<layer>/<weight>` names (Keras
// layouts) to the parameter and the layout change that PyTorch needs. Tensors flow
// channels-last as in dl; a convolution or pooling takes them channels-first and the generated
// code permutes only where the layout changes. A layer kind without a PyTorch form here is
// refused on its line before anything runs (DL304).
import { DiagnosticError, error } from "../../../diagnostics/diagnostic.ts";
import { activations } from "../../../stdlib/activations/index.ts";
import { defaults } from "../../../stdlib/spec.ts";
import { windowOutput } from "../../autograd/ops/window.ts";
import type { CheckedLayer, CheckedModel } from "../../check/checked.ts";
import { walkModel } from "../../check/walk.ts";

type Layout = "last" | "first";

/** What flows between nodes of the generated `forward`: a Python variable and its layout. */
interface Flow {
  name: string;
  layout: Layout;
  /** Rank without the batch axis. */
  rank: number;
}

export interface ModelCode {
  /** The Python class, named Model. */
  code: string;
}

/** The layer kinds this engine generates, for the refusal's hint. */
export const generatedKinds = [
  "dense",
  "conv2d",
  "maxpool2d",
  "avgpool2d",
  "global_maxpool2d",
  "global_avgpool2d",
  "flatten",
  "reshape",
  "batchnorm",
  "layernorm",
  "zeropadding2d",
  "upsampling2d",
  "simple_rnn",
  "lstm",
  "gru",
  "dropout",
  "add",
  "concat",
  ...activations.keys(),
];

export function modelCode(model: CheckedModel): ModelCode {
  const init: string[] = [];
  const forward: string[] = [];
  const weights: string[] = [];
  let counter = 0;
  const assign = (expression: string, layout: Layout, rank: number): Flow => {
    const name = `x${++counter}`;
    forward.push(`${name} = ${expression}`);
    return { name, layout, rank };
  };
  /** The flow in the wanted layout (only rank-3 tensors, images, have two). */
  const as = (flow: Flow, layout: Layout): string => {
    if (flow.layout === layout || flow.rank !== 3) return flow.name;
    return layout === "first" ? `${flow.name}.permute(0, 3, 1, 2)` : `${flow.name}.permute(0, 2, 3, 1)`;
  };

  const layer = (node: CheckedLayer, inputs: Flow[]): Flow => {
    const attribute = node.name.replace(/\W/g, "_");
    const x = inputs[0]!;
    const config = node.config;
    const regularized = Number(config["l1"] ?? 0) || Number(config["l2"] ?? 0);
    if (regularized) refuse(model, node, "weight penalties (`l1`, `l2`) are not generated for PyTorch");
    const weight = (name: string, parameter: string, layout: "same" | "dense_kernel" | "conv2d_kernel") =>
      weights.push(`"${node.name}/${name}": ("${attribute}.${parameter}", "${layout}"),`);
    const withBias = (module: string) => {
      weight("kernel", "weight", module === "dense" ? "dense_kernel" : "conv2d_kernel");
      if (config["use_bias"]) weight("bias", "bias", "same");
    };
    const rank = node.outputShape.length;
    switch (node.spec.name) {
      case "dense": {
        init.push(`self.${attribute} = nn.Linear(${node.inputShape.at(-1)}, ${config["units"]}, bias=${python(config["use_bias"])})`);
        withBias("dense");
        return activate(assign(`self.${attribute}(${as(x, "last")})`, "last", rank), String(config["activation"]), {});
      }
      case "conv2d": {
        const kernel = pair(config["kernel"]);
        const strides = pair(config["strides"]);
        const dilation = pair(config["dilation"]);
        const padding = samePadding(node, kernel, strides, dilation);
        const symmetric = padding.every(([before, after]) => before === after);
        const options = `kernel_size=${tuple(kernel)}, stride=${tuple(strides)}, dilation=${tuple(dilation)}, padding=${tuple(symmetric ? padding.map(([before]) => before) : [0, 0])}`;
        init.push(
          `self.${attribute} = nn.Conv2d(${node.inputShape.at(-1)}, ${config["filters"]}, ${options}, bias=${python(config["use_bias"])})`,
        );
        withBias("conv2d");
        // TensorFlow's `same` puts an odd extra row or column at the bottom or right; Conv2d pads both sides alike.
        const input = symmetric
          ? as(x, "first")
          : `F.pad(${as(x, "first")}, ${tuple([padding[1]![0], padding[1]![1], padding[0]![0], padding[0]![1]])})`;
        return activate(assign(`self.${attribute}(${input})`, "first", rank), String(config["activation"]), {});
      }
      case "maxpool2d":
      case "avgpool2d": {
        const pool = pair(config["pool"]);
        const strides = config["strides"] === undefined || config["strides"] === null ? pool : pair(config["strides"]);
        const padding = samePadding(node, pool, strides, [1, 1]);
        if (padding.some(([before, after]) => before || after)) {
          refuse(model, node, "pooling with `padding=same` that pads is not generated for PyTorch (TensorFlow's divisor differs)");
        }
        const module = node.spec.name === "maxpool2d" ? "MaxPool2d" : "AvgPool2d";
        init.push(`self.${attribute} = nn.${module}(kernel_size=${tuple(pool)}, stride=${tuple(strides)})`);
        return assign(`self.${attribute}(${as(x, "first")})`, "first", rank);
      }
      case "global_maxpool2d":
        return assign(`${as(x, "last")}.amax(dim=(1, 2))`, "last", rank);
      case "global_avgpool2d":
        return assign(`${as(x, "last")}.mean(dim=(1, 2))`, "last", rank);
      case "flatten":
        // Row-major over (height, width, channels), as Keras flattens.
        return assign(`${as(x, "last")}.flatten(1)`, "last", rank);
      case "reshape":
        return assign(`${as(x, "last")}.reshape(-1, ${node.outputShape.join(", ")})`, "last", rank);
      case "batchnorm": {
        const axis = x.layout === "first" && x.rank === 3 ? 1 : -1;
        init.push(
          `self.${attribute} = BatchNormalization(${node.inputShape.at(-1)}, momentum=${config["momentum"]}, epsilon=${config["epsilon"]}, axis=${axis})`,
        );
        for (const name of ["gamma", "beta", "moving_mean", "moving_variance"]) weight(name, name, "same");
        return assign(`self.${attribute}(${x.name})`, x.layout, rank);
      }
      case "layernorm":
        // Keras' LayerNormalization: over the last axis, biased variance, as F.layer_norm.
        init.push(`self.${attribute} = LayerNormalization(${node.inputShape.at(-1)}, epsilon=${config["epsilon"]})`);
        for (const name of ["gamma", "beta"]) weight(name, name, "same");
        return assign(`self.${attribute}(${as(x, "last")})`, "last", rank);
      case "zeropadding2d": {
        const [rows, columns] = pair(config["padding"]);
        return assign(`F.pad(${as(x, "first")}, (${columns}, ${columns}, ${rows}, ${rows}))`, "first", rank);
      }
      case "upsampling2d": {
        const [rows, columns] = pair(config["size"]);
        return assign(`${as(x, "first")}.repeat_interleave(${rows}, dim=2).repeat_interleave(${columns}, dim=3)`, "first", rank);
      }
      case "simple_rnn":
      case "lstm":
      case "gru": {
        const options = `activation="${config["activation"]}", return_sequences=${python(config["return_sequences"])}, use_bias=${python(config["use_bias"])}`;
        init.push(`self.${attribute} = Recurrent("${node.spec.name}", ${node.inputShape.at(-1)}, ${config["units"]}, ${options})`);
        for (const name of ["kernel", "recurrent_kernel", ...(config["use_bias"] ? ["bias"] : [])]) weight(name, name, "same");
        return assign(`self.${attribute}(${as(x, "last")})`, "last", rank);
      }
      case "dropout":
        init.push(`self.${attribute} = nn.Dropout(${config["rate"]})`);
        return assign(`self.${attribute}(${x.name})`, x.layout, rank);
      case "add":
        return assign(inputs.map((input) => as(input, "last")).join(" + "), "last", rank);
      case "concat":
        return assign(`torch.cat([${inputs.map((input) => as(input, "last")).join(", ")}], dim=-1)`, "last", rank);
      default:
        if (activations.has(node.spec.name)) return activate(x, node.spec.name, config);
        return refuse(model, node, `layer \`${node.spec.name}\` has no PyTorch form in dl yet`);
    }
  };

  const activate = (x: Flow, name: string, options: Readonly<Record<string, unknown>>): Flow => {
    const entry = activations.get(name);
    const option = (key: string) => options[key] ?? (entry ? defaults(entry)[key] : undefined);
    switch (name) {
      case "linear":
        return x;
      case "relu":
        return assign(`F.relu(${x.name})`, x.layout, x.rank);
      case "sigmoid":
        return assign(`torch.sigmoid(${x.name})`, x.layout, x.rank);
      case "tanh":
        return assign(`torch.tanh(${x.name})`, x.layout, x.rank);
      case "softmax":
        return assign(`F.softmax(${as(x, "last")}, dim=-1)`, "last", x.rank);
      case "log_softmax":
        return assign(`F.log_softmax(${as(x, "last")}, dim=-1)`, "last", x.rank);
      case "elu":
        return assign(`F.elu(${x.name}, alpha=${option("alpha")})`, x.layout, x.rank);
      case "leaky_relu":
        return assign(`F.leaky_relu(${x.name}, negative_slope=${option("negative_slope")})`, x.layout, x.rank);
      case "gelu":
        return assign(`F.gelu(${x.name}, approximate="${option("approximate") ? "tanh" : "none"}")`, x.layout, x.rank);
      case "silu":
        return assign(`F.silu(${x.name})`, x.layout, x.rank);
      case "softplus":
        return assign(`F.softplus(${x.name})`, x.layout, x.rank);
      default:
        throw new Error(`activation ${name} has no PyTorch form`);
    }
  };

  const input: Flow = { name: "x", layout: "last", rank: model.inputShape.length };
  const output = walkModel(model, input, {
    layer,
    residual: (_block, body, skip) => assign(`${as(body, "last")} + ${as(skip, "last")}`, "last", body.rank),
  });
  const lines = [
    "class Model(nn.Module):",
    `    """Model \`${model.name}\` of the .dl file: input ${model.inputShape.join(" × ")}, channels last as in dl."""`,
    "",
    "    # dl's weight name -> (this module's parameter, how its layout differs from Keras').",
    "    WEIGHTS = {",
    ...weights.map((line) => `        ${line}`),
    "    }",
    "",
    "    def __init__(self):",
    "        super().__init__()",
    ...(init.length ? init : ["pass"]).map((line) => `        ${line}`),
    "",
    "    def forward(self, x):",
    ...forward.map((line) => `        ${line}`),
    `        return ${as(output, "last")}`,
  ];
  return { code: lines.join("\n") + "\n" };
}

/** TensorFlow's padding per spatial axis, [before, after]; all zero for `valid`. */
function samePadding(node: CheckedLayer, window: number[], strides: number[], dilation: number[]): [number, number][] {
  if (node.config["padding"] !== "same")
    return [
      [0, 0],
      [0, 0],
    ];
  return [0, 1].map((axis) => {
    const size = node.inputShape[axis]!;
    const out = windowOutput(size, window[axis]!, strides[axis]!, dilation[axis]!, "same");
    const total = Math.max((out - 1) * strides[axis]! + (window[axis]! - 1) * dilation[axis]! + 1 - size, 0);
    return [Math.floor(total / 2), total - Math.floor(total / 2)];
  });
}

function pair(value: unknown): number[] {
  return Array.isArray(value) ? value.map(Number) : [Number(value), Number(value)];
}

function tuple(values: readonly number[]): string {
  return `(${values.join(", ")})`;
}

function python(value: unknown): string {
  return value ? "True" : "False";
}

function refuse(model: CheckedModel, node: CheckedLayer, label: string): never {
  throw new DiagnosticError(
    error("DL304", `layer \`${node.spec.name}\` of model \`${model.name}\` cannot run on the pytorch engine`, node.span, {
      label,
      hints: [
        `the pytorch engine generates ${generatedKinds.filter((kind) => !activations.has(kind)).join(", ")} and the activation layers; train this model with dl's own backends`,
      ],
    }),
  );
}
