// Max and average pooling over 1-D or 2-D windows, channels-last. Keras: MaxPooling2D, AveragePooling2D, …
import * as ops from "../../interpreter/autograd/ops/index.ts";
import type { Reduction } from "../../interpreter/autograd/ops/pool.ts";
import { windowOutput } from "../../interpreter/autograd/ops/window.ts";
import { ints } from "../values.ts";
import { paddingOption } from "./common-options.ts";
import { formatShape, requireRank, ShapeError, type LayerSpec } from "./layer-spec.ts";
import { perAxis } from "./per-axis.ts";

function pooling(kind: string, keras: string, axes: 1 | 2, reduction: Reduction): LayerSpec {
  return {
    name: kind,
    keras,
    doc: `${axes}-D ${reduction === "max" ? "max" : "average"} pooling; strides default to the pool size (Keras)`,
    args: [{ name: "pool", type: ints(axes), doc: "window size", default: 2 }],
    options: [{ name: "strides", type: ints(axes), doc: "step between windows (unset: the pool size)", default: null }, paddingOption()],
    outputShape(input, config) {
      requireRank(kind, input, axes + 1, axes === 2 ? "rank 3 (height, width, channels)" : "rank 2 (steps, channels)");
      const pool = perAxis(config["pool"], axes);
      const strides = config["strides"] === undefined ? pool : perAxis(config["strides"], axes);
      const spatial = input.slice(0, axes).map((n, i) => windowOutput(n, pool[i]!, strides[i]!, 1, config["padding"] as string));
      if (spatial.some((n) => n < 1))
        throw new ShapeError(`\`${kind}\` window ${formatShape(pool)} is larger than the input ${formatShape(input)}`);
      return [...spatial, input.at(-1)!];
    },
    params: () => [],
    forward(layer, x, config) {
      const pool = perAxis(config["pool"], axes);
      const strides = config["strides"] === undefined ? pool : perAxis(config["strides"], axes);
      return ops.pool(layer.graph, reduction, x, { pool, strides, padding: config["padding"] as string });
    },
  };
}

function globalPooling(kind: string, keras: string, axes: 1 | 2, reduction: Reduction): LayerSpec {
  return {
    name: kind,
    keras,
    doc: `${reduction === "max" ? "maximum" : "average"} over all ${axes === 2 ? "positions of an image" : "steps of a sequence"}, one value per channel`,
    args: [],
    options: [],
    outputShape(input) {
      requireRank(kind, input, axes + 1, axes === 2 ? "rank 3 (height, width, channels)" : "rank 2 (steps, channels)");
      return [input.at(-1)!];
    },
    params: () => [],
    forward: (layer, x) => ops.globalPool(layer.graph, reduction, x),
  };
}

export const maxpool1d = pooling("maxpool1d", "MaxPooling1D", 1, "max");
export const maxpool2d = pooling("maxpool2d", "MaxPooling2D", 2, "max");
export const avgpool1d = pooling("avgpool1d", "AveragePooling1D", 1, "avg");
export const avgpool2d = pooling("avgpool2d", "AveragePooling2D", 2, "avg");
export const globalMaxpool1d = globalPooling("global_maxpool1d", "GlobalMaxPooling1D", 1, "max");
export const globalMaxpool2d = globalPooling("global_maxpool2d", "GlobalMaxPooling2D", 2, "max");
export const globalAvgpool1d = globalPooling("global_avgpool1d", "GlobalAveragePooling1D", 1, "avg");
export const globalAvgpool2d = globalPooling("global_avgpool2d", "GlobalAveragePooling2D", 2, "avg");
