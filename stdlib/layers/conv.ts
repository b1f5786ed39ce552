// conv1d / conv2d: cross-correlation, channels-last, kernel [k…, in, out]. Keras: Conv1D, Conv2D.
import * as ops from "../../interpreter/autograd/ops/index.ts";
import { windowOutput } from "../../interpreter/autograd/ops/window.ts";
import { activation } from "../activations/index.ts";
import { ints, positiveInt } from "../values.ts";
import { activationArg, kernelAndBias, kernelOptions, paddingOption } from "./common-options.ts";
import { formatShape, requireRank, ShapeError, type LayerSpec } from "./layer-spec.ts";
import { perAxis } from "./per-axis.ts";

function convolution(kind: string, keras: string, axes: 1 | 2): LayerSpec {
  const meaning = axes === 2 ? "rank 3 (height, width, channels)" : "rank 2 (steps, channels)";
  return {
    name: kind,
    keras,
    doc: `${axes}-D convolution`,
    args: [{ name: "filters", type: positiveInt, doc: "number of output channels" }, activationArg],
    options: [
      { name: "kernel", type: ints(axes), doc: "window size", default: 3 },
      { name: "strides", type: ints(axes), doc: "step between windows", default: 1 },
      paddingOption(axes === 1 ? ["valid", "same", "causal"] : ["valid", "same"]),
      { name: "dilation", type: ints(axes), doc: "spacing between kernel taps", default: 1 },
      ...kernelOptions,
    ],
    outputShape(input, config) {
      const size = input.reduce((a, b) => a * b, 1);
      const hint = axes === 2 && input.length === 1 ? squareReshapeHint(size) : [];
      requireRank(kind, input, axes + 1, meaning, hint);
      const kernel = perAxis(config["kernel"], axes);
      const strides = perAxis(config["strides"], axes);
      const dilation = perAxis(config["dilation"], axes);
      const spatial = input
        .slice(0, axes)
        .map((n, i) => windowOutput(n, kernel[i]!, strides[i]!, dilation[i]!, config["padding"] as string));
      if (spatial.some((n) => n < 1)) {
        throw new ShapeError(`\`${kind}\` with kernel ${formatShape(kernel)} does not fit the input ${formatShape(input)}`, [
          "use `padding=same` or a smaller kernel",
        ]);
      }
      return [...spatial, config["filters"] as number];
    },
    params(input, config) {
      const filters = config["filters"] as number;
      return kernelAndBias([...perAxis(config["kernel"], axes), input.at(-1)!, filters], filters, config);
    },
    forward(layer, x, config) {
      const y = ops.conv(layer.graph, x, layer.param("kernel"), config["use_bias"] ? layer.param("bias") : undefined, {
        strides: perAxis(config["strides"], axes),
        dilation: perAxis(config["dilation"], axes),
        padding: config["padding"] as string,
      });
      return activation(config["activation"] as string).apply(layer.graph, y);
    },
  };
}

/** `conv2d` after `input 784`: suggest the square image it probably is. */
function squareReshapeHint(size: number): string[] {
  const side = Math.round(Math.sqrt(size));
  return side * side === size ? [`reshape first: \`layer reshape ${side} ${side} 1\``] : ["reshape to (height, width, channels) first"];
}

export const conv1d = convolution("conv1d", "Conv1D", 1);
export const conv2d = convolution("conv2d", "Conv2D", 2);
