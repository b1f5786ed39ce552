// bidirectional: y = merge(rnn_f(x), reverse(rnn_b(reverse(x)))) (without the outer reverse when
// only the last step is returned), merge concat (default, 2*units wide) or sum. Keras: Bidirectional.
//   The wrapped simple_rnn / lstm / gru is the recurrent layer itself, run twice with its weights
//   prefixed: forward_kernel, forward_recurrent_kernel, forward_bias, backward_kernel, … (Keras
//   forward_lstm/kernel, …), initialised as that layer's.
import * as ops from "../../interpreter/autograd/ops/index.ts";
import type { Value } from "../../interpreter/autograd/graph.ts";
import { bool, choice, positiveInt } from "../values.ts";
import { requireRank, type Config, type LayerGraph, type LayerSpec } from "./layer-spec.ts";
import { gru, lstm, simpleRnn } from "./recurrent.ts";

const cells: ReadonlyMap<string, LayerSpec> = new Map([simpleRnn, lstm, gru].map((spec) => [spec.name, spec]));

/** The wrapped layer and the config it gets (Keras defaults for what bidirectional does not expose). */
function inner(config: Config): { spec: LayerSpec; config: Config } {
  const spec = cells.get(config["cell"] as string)!;
  const defaults = spec.options.flatMap((o) => (o.default == null ? [] : [[o.name, o.default]]));
  const given = ["units", "activation", "return_sequences", "use_bias"].map((name) => [name, config[name]!]);
  return { spec, config: Object.fromEntries([...defaults, ...given]) as Config };
}

/** One direction's copy of the wrapped layer, its weights read under `prefix_`. */
function direction(layer: LayerGraph, prefix: string, x: Value, config: Config): Value {
  const { spec, config: cellConfig } = inner(config);
  return spec.forward({ graph: layer.graph, param: (name) => layer.param(`${prefix}_${name}`) }, x, cellConfig);
}

export const bidirectional: LayerSpec = {
  name: "bidirectional",
  keras: "Bidirectional",
  doc: "runs a recurrent layer forward and backward in time and merges both",
  args: [
    { name: "cell", type: choice("a recurrent layer", [...cells.keys()]), doc: "the recurrent layer to run both ways" },
    { name: "units", type: positiveInt, doc: "size of each direction's hidden state" },
    simpleRnn.args.find((a) => a.name === "activation")!,
  ],
  options: [
    { name: "return_sequences", type: bool, doc: "output every step instead of the last", default: false },
    { name: "use_bias", type: bool, doc: "add a learned bias", default: true },
    {
      name: "merge",
      type: choice("a merge mode", ["concat", "sum"]),
      doc: "how the two directions join (Keras merge_mode)",
      default: "concat",
    },
  ],
  outputShape(input, config) {
    requireRank("bidirectional", input, 2, "rank 2 (steps, features)", ["reshape a flat input first: `layer reshape STEPS FEATURES`"]);
    const { spec, config: cellConfig } = inner(config);
    const shape = spec.outputShape(input, cellConfig);
    return config["merge"] === "concat" ? [...shape.slice(0, -1), 2 * shape.at(-1)!] : shape;
  },
  params(input, config) {
    const { spec, config: cellConfig } = inner(config);
    const weights = spec.params(input, cellConfig);
    return ["forward", "backward"].flatMap((prefix) => weights.map((w) => ({ ...w, name: `${prefix}_${w.name}` })));
  },
  forward(layer, x, config) {
    const forward = direction(layer, "forward", x, config);
    const reversed = direction(layer, "backward", ops.reverseTime(layer.graph, x), config);
    const backward = config["return_sequences"] ? ops.reverseTime(layer.graph, reversed) : reversed;
    return config["merge"] === "concat" ? ops.concat(layer.graph, [forward, backward]) : ops.add(layer.graph, forward, backward);
  },
};
