import { test } from "uvu";
import * as assert from "uvu/assert";
import * as ops from "../../../interpreter/autograd/ops/index.ts";
import { Graph } from "../../../interpreter/autograd/graph.ts";
import { CpuBackend } from "../../../interpreter/backends/cpu/cpu-backend.ts";
import { activation } from "../../../stdlib/activations/index.ts";
import { loss } from "../../../stdlib/losses/index.ts";
import { randomData } from "./harness.ts";

test("a 2-layer MLP trained with plain SGD learns XOR", async () => {
  const backend = new CpuBackend();
  const g = new Graph(backend);
  const x = g.input([4, 2], "x");
  const y = g.input([4, 1], "y");
  backend.write(x.tensor, [0, 0, 0, 1, 1, 0, 1, 1]);
  backend.write(y.tensor, [0, 1, 1, 0]);
  const w1 = g.param([2, 8], "w1", randomData([2, 8], 7, -1, 1).data);
  const b1 = g.param([8], "b1");
  const w2 = g.param([8, 1], "w2", randomData([8, 1], 8, -1, 1).data);
  const b2 = g.param([1], "b2");
  const hidden = activation("tanh").apply(g, ops.dense(g, x, w1, b1));
  const logits = ops.dense(g, hidden, w2, b2);
  const lossValue = loss("binary_crossentropy").apply(g, logits, y, { from_logits: true });
  const plan = g.compile(lossValue);

  const step = async (): Promise<number> => {
    plan.forward();
    plan.backward();
    for (const { param, grad } of plan.paramGrads) {
      backend.run("scale", [grad], [param.tensor], { alpha: -0.5, accumulate: true }); // w -= lr * g
    }
    return (await backend.read(lossValue.tensor))[0]!;
  };
  const first = await step();
  let last = first;
  for (let i = 0; i < 1500; i++) last = await step();
  assert.ok(first > 0.5, `initial loss ${first}`);
  assert.ok(last < 0.05, `loss went from ${first} to ${last}`);
  g.training = false;
  plan.forward();
  const predictions = await backend.read(logits.tensor);
  assert.equal(
    [...predictions].map((logit) => (logit > 0 ? 1 : 0)),
    [0, 1, 1, 0],
  );
});

test.run();
