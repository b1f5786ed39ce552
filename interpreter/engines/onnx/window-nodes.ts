// Convolutions and pooling. ONNX's Conv and pools take channels first, dl's tensors are channels
// last, so each is wrapped in two Transposes (ONNX Runtime's optimizer cancels the pairs between
// consecutive layers). TensorFlow's `same` and `causal` paddings become explicit pads, begin and
// end per axis; average pooling leaves the padding out of its count, as TensorFlow does.
import { windowOutput } from "../../autograd/ops/window.ts";
import type { CheckedLayer } from "../../check/checked.ts";
import { perAxis } from "../../../stdlib/layers/per-axis.ts";
import { int, ints, type GraphBuilder } from "./graph-builder.ts";
import type { LayerWeights } from "./layer-weights.ts";

/** conv1d, conv2d: kernel [k…, in, out] becomes ONNX's [out, in, k…]. */
export function convolution(graph: GraphBuilder, layer: CheckedLayer, x: string, weights: LayerWeights): string {
  const axes = layer.inputShape.length - 1;
  const kernel = perAxis(layer.config["kernel"], axes);
  const strides = perAxis(layer.config["strides"], axes);
  const dilation = perAxis(layer.config["dilation"], axes);
  const w = weights.get("kernel");
  const inputs = [channelsFirst(graph, x, axes), graph.floats("kernel", [w.shape.at(-1)!, w.shape.at(-2)!, ...kernel], kernelToOnnx(w))];
  if (layer.config["use_bias"]) inputs.push(weights.initializer(graph, "bias"));
  const y = graph.op("Conv", inputs, {
    kernel_shape: ints(kernel),
    strides: ints(strides),
    dilations: ints(dilation),
    pads: ints(pads(layer, kernel, strides, dilation)),
  });
  return channelsLast(graph, y, axes);
}

/** maxpool1d/2d, avgpool1d/2d; strides default to the pool size. */
export function pooling(graph: GraphBuilder, layer: CheckedLayer, x: string): string {
  const axes = layer.inputShape.length - 1;
  const pool = perAxis(layer.config["pool"], axes);
  const strides = layer.config["strides"] == null ? pool : perAxis(layer.config["strides"], axes);
  const max = layer.spec.name.startsWith("max");
  const attributes = {
    kernel_shape: ints(pool),
    strides: ints(strides),
    pads: ints(
      pads(
        layer,
        pool,
        strides,
        pool.map(() => 1),
      ),
    ),
  };
  const y = graph.op(
    max ? "MaxPool" : "AveragePool",
    [channelsFirst(graph, x, axes)],
    max ? attributes : { ...attributes, count_include_pad: int(0) },
  );
  return channelsLast(graph, y, axes);
}

/** global_maxpool1d/2d, global_avgpool1d/2d: over every spatial axis. */
export function globalPooling(graph: GraphBuilder, layer: CheckedLayer, x: string): string {
  const axes = Array.from({ length: layer.inputShape.length - 1 }, (_, i) => i + 1);
  return graph.op(layer.spec.name.includes("max") ? "ReduceMax" : "ReduceMean", [x], { axes: ints(axes), keepdims: int(0) });
}

/** ONNX pads: every axis' zeros before, then every axis' zeros after (TensorFlow's split for `same`). */
function pads(layer: CheckedLayer, window: number[], strides: number[], dilation: number[]): number[] {
  const padding = String(layer.config["padding"]);
  const before: number[] = [];
  const after: number[] = [];
  window.forEach((k, i) => {
    const size = layer.inputShape[i]!;
    const out = windowOutput(size, k, strides[i]!, dilation[i]!, padding);
    const total = padding === "valid" ? 0 : Math.max((out - 1) * strides[i]! + (k - 1) * dilation[i]! + 1 - size, 0);
    const first = padding === "causal" ? total : Math.floor(total / 2);
    before.push(first);
    after.push(total - first);
  });
  return [...before, ...after];
}

function kernelToOnnx(w: { shape: readonly number[]; data: Float32Array }): Float32Array {
  const inputs = w.shape.at(-2)!;
  const outputs = w.shape.at(-1)!;
  const taps = w.data.length / (inputs * outputs);
  const out = new Float32Array(w.data.length);
  for (let t = 0; t < taps; t++)
    for (let i = 0; i < inputs; i++)
      for (let o = 0; o < outputs; o++) out[(o * inputs + i) * taps + t] = w.data[(t * inputs + i) * outputs + o]!;
  return out;
}

/** [n, spatial…, c] to [n, c, spatial…]. */
function channelsFirst(graph: GraphBuilder, x: string, axes: number): string {
  return graph.op("Transpose", [x], { perm: ints([0, axes + 1, ...Array.from({ length: axes }, (_, i) => i + 1)]) });
}

/** [n, c, spatial…] to [n, spatial…, c]. */
function channelsLast(graph: GraphBuilder, x: string, axes: number): string {
  return graph.op("Transpose", [x], { perm: ints([0, ...Array.from({ length: axes }, (_, i) => i + 2), 1]) });
}
