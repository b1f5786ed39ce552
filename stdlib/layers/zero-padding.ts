// zeropadding2d: (h, w, c) → (h + 2*ph, w + 2*pw, c), rows and columns of zeros on both sides. Keras: ZeroPadding2D.
import * as ops from "../../interpreter/autograd/ops/index.ts";
import { ints } from "../values.ts";
import { requireRank, type LayerSpec } from "./layer-spec.ts";
import { perAxis } from "./per-axis.ts";

export const zeropadding2d: LayerSpec = {
  name: "zeropadding2d",
  keras: "ZeroPadding2D",
  doc: "adds `padding` rows of zeros above and below and `padding` columns left and right",
  args: [{ name: "padding", type: ints(2, 0), doc: "rows and columns added on each side, per axis", default: 1 }],
  options: [],
  outputShape(input, config) {
    requireRank("zeropadding2d", input, 3, "rank 3 (height, width, channels)");
    const [ph, pw] = perAxis(config["padding"], 2);
    return [input[0]! + 2 * ph!, input[1]! + 2 * pw!, input[2]!];
  },
  params: () => [],
  forward(layer, x, config) {
    const [ph, pw] = perAxis(config["padding"], 2);
    return ops.zeroPad2d(layer.graph, x, [ph!, ph!], [pw!, pw!]);
  },
};
