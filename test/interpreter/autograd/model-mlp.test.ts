import { test } from "uvu";
import * as ops from "../../../interpreter/autograd/ops/index.ts";
import { Graph } from "../../../interpreter/autograd/graph.ts";
import { CpuBackend } from "../../../interpreter/backends/cpu/cpu-backend.ts";
import { activation } from "../../../stdlib/activations/index.ts";
import { loss } from "../../../stdlib/losses/index.ts";
import { assertClose, loadCase } from "../../helpers/conformance.ts";

test("model_mlp_adam: softmax output and sparse CE loss of batch 0 with the initial weights", async () => {
  const ref = loadCase("model_mlp_adam");
  const batch = ref.inputs.batches[0];
  const backend = new CpuBackend();
  const g = new Graph(backend);
  const x = g.input(batch.x.shape, "x");
  const labels = g.input(batch.y.shape, "labels");
  backend.write(x.tensor, batch.x.data);
  backend.write(labels.tensor, batch.y.data);
  const layers: [string, string][] = [
    ["dense_0", "relu"],
    ["dense_1", "relu"],
    ["dense_2", "softmax"],
  ];
  let h = x;
  for (const [name, act] of layers) {
    const kernel = ref.params[`${name}/kernel`]!;
    const bias = ref.params[`${name}/bias`]!;
    h = activation(act).apply(
      g,
      ops.dense(g, h, g.param(kernel.shape, `${name}/kernel`, kernel.data), g.param(bias.shape, `${name}/bias`, bias.data)),
    );
  }
  const lossValue = loss("sparse_categorical_crossentropy").apply(g, h, labels);
  const plan = g.compile(lossValue);
  plan.forward();
  assertClose(await backend.read(h.tensor), ref.expected.y_pred_step0.data, "y_pred_step0");
  assertClose(await backend.read(lossValue.tensor), [ref.expected.loss_before_step.data[0]], "loss_before_step[0]");
});

test.run();
