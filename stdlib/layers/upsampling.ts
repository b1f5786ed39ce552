// upsampling2d: (h, w, c) → (h*sh, w*sw, c), each pixel repeated sh x sw times (nearest). Keras: UpSampling2D.
import * as ops from "../../interpreter/autograd/ops/index.ts";
import { ints } from "../values.ts";
import { requireRank, type LayerSpec } from "./layer-spec.ts";
import { perAxis } from "./per-axis.ts";

export const upsampling2d: LayerSpec = {
  name: "upsampling2d",
  keras: "UpSampling2D",
  doc: "repeats each pixel `size` times along height and width (nearest neighbour)",
  args: [{ name: "size", type: ints(2), doc: "upsampling factor per axis", default: 2 }],
  options: [],
  outputShape(input, config) {
    requireRank("upsampling2d", input, 3, "rank 3 (height, width, channels)");
    const [sh, sw] = perAxis(config["size"], 2);
    return [input[0]! * sh!, input[1]! * sw!, input[2]!];
  },
  params: () => [],
  forward(layer, x, config) {
    const [sh, sw] = perAxis(config["size"], 2);
    return ops.upsample2d(layer.graph, x, [sh!, sw!]);
  },
};
