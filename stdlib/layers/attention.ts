// attention: y = concat_h(softmax(Q_h K_h^T / sqrt(key_dim)) V_h) @ Wo + bo, Q = x Wq + bq, K = x Wk + bk,
// V = x Wv + bv, over (steps, features). Keras: MultiHeadAttention(num_heads, key_dim) called as mha(x, x).
//   Weights (Keras query/kernel … flattened to one name, heads side by side on the last axis):
//   query_kernel, key_kernel, value_kernel [features, heads*key_dim] with query_bias, key_bias,
//   value_bias [heads*key_dim]; attention_output_kernel [heads*key_dim, features], attention_output_bias
//   [features]. Kernels start glorot_uniform, biases zeros. causal=true is Keras use_causal_mask.
import * as ops from "../../interpreter/autograd/ops/index.ts";
import { bool, positiveInt } from "../values.ts";
import { requireRank, type LayerSpec, type WeightSpec } from "./layer-spec.ts";

const projections = ["query", "key", "value"] as const;

const weight = (name: string, shape: number[], initializer: string): WeightSpec => ({ name, shape, initializer, trainable: true });

export const attention: LayerSpec = {
  name: "attention",
  keras: "MultiHeadAttention",
  doc: "multi-head self-attention over a sequence, same shape out",
  args: [
    { name: "heads", type: positiveInt, doc: "number of attention heads (Keras num_heads)" },
    { name: "key_dim", type: positiveInt, doc: "size of each head's query, key and value" },
  ],
  options: [{ name: "causal", type: bool, doc: "let step t attend to steps up to t only (Keras use_causal_mask)", default: false }],
  outputShape(input) {
    requireRank("attention", input, 2, "rank 2 (steps, features)", ["reshape a flat input first: `layer reshape STEPS FEATURES`"]);
    return input;
  },
  params(input, config) {
    const features = input.at(-1)!;
    const width = (config["heads"] as number) * (config["key_dim"] as number);
    return [
      ...projections.flatMap((p) => [weight(`${p}_kernel`, [features, width], "glorot_uniform"), weight(`${p}_bias`, [width], "zeros")]),
      weight("attention_output_kernel", [width, features], "glorot_uniform"),
      weight("attention_output_bias", [features], "zeros"),
    ];
  },
  forward(layer, x, config) {
    const [q, k, v] = projections.map((p) => ops.dense(layer.graph, x, layer.param(`${p}_kernel`), layer.param(`${p}_bias`)));
    const context = ops.attention(layer.graph, q!, k!, v!, { heads: config["heads"] as number, causal: config["causal"] as boolean });
    return ops.dense(layer.graph, context, layer.param("attention_output_kernel"), layer.param("attention_output_bias"));
  },
};
