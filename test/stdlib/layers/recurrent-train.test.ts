import { test } from "uvu";
import * as assert from "uvu/assert";
import { Graph, type Value } from "../../../interpreter/autograd/graph.ts";
import type { Tensor } from "../../../interpreter/backends/backend.ts";
import { CpuBackend } from "../../../interpreter/backends/cpu/cpu-backend.ts";
import { initialize } from "../../../stdlib/initializers/index.ts";
import { dense } from "../../../stdlib/layers/dense.ts";
import type { Config, LayerSpec } from "../../../stdlib/layers/layer-spec.ts";
import { lstm } from "../../../stdlib/layers/recurrent.ts";
import { loss } from "../../../stdlib/losses/index.ts";
import { createOptimizer } from "../../../stdlib/optimizers/index.ts";
import { Random } from "../../../interpreter/autograd/random.ts";

const STEPS = 8;

/** Sequences of uniform values in [-1, 1) labelled 1 when their sum is positive. */
function dataset(count: number, seed: number): { x: Float32Array; y: Float32Array } {
  const random = new Random(seed);
  const x = Float32Array.from({ length: count * STEPS }, () => 2 * random.uniform() - 1);
  const y = Float32Array.from({ length: count }, (_, i) => (x.subarray(i * STEPS, (i + 1) * STEPS).reduce((s, v) => s + v, 0) > 0 ? 1 : 0));
  return { x, y };
}

/** The layer's defaults with `given` on top, as the checker hands them on. */
function withDefaults(layer: LayerSpec, given: Config): Config {
  const defaults = [...layer.args, ...layer.options].filter((a) => a.default != null).map((a) => [a.name, a.default!]);
  return { ...Object.fromEntries(defaults), ...given };
}

test("an lstm learns whether a sequence sums to more than zero, beating the majority class", async () => {
  const backend = new CpuBackend();
  const random = new Random(42);
  const layers: [LayerSpec, Config, number[]][] = [
    [lstm, withDefaults(lstm, { units: 8 }), [STEPS, 1]],
    [dense, withDefaults(dense, { units: 1 }), [8]],
  ];
  const weights = layers.map(
    ([spec, config, input]) =>
      new Map(
        spec.params(input, config).map((p) => {
          const tensor = backend.alloc(p.shape);
          backend.write(tensor, initialize(p.initializer, p.shape, random));
          return [p.name, tensor] as [string, Tensor];
        }),
      ),
  );
  const build = (count: number) => {
    const graph = new Graph(backend);
    const x = graph.input([count, STEPS, 1], "x");
    const y = graph.input([count, 1], "y");
    let out: Value = x;
    layers.forEach(([spec, config], i) => {
      const params = new Map([...weights[i]!].map(([name, tensor]) => [name, graph.sharedParam(tensor, name)]));
      out = spec.forward!({ graph, param: (name) => params.get(name)! }, out, config);
    });
    const lossValue = loss("binary_crossentropy").apply(graph, out, y, { from_logits: true });
    return { graph, x, y, logits: out, lossValue, plan: graph.compile(lossValue) };
  };
  const accuracy = async (model: ReturnType<typeof build>, labels: Float32Array) => {
    model.plan.forward();
    const logits = await backend.read(model.logits.tensor);
    return labels.reduce((hits, label, i) => hits + ((logits[i]! > 0 ? 1 : 0) === label ? 1 : 0), 0) / labels.length;
  };

  const train = dataset(256, 1);
  const heldOut = dataset(256, 2);
  const model = build(256);
  backend.write(model.x.tensor, train.x);
  backend.write(model.y.tensor, train.y);
  const evaluation = build(256);
  backend.write(evaluation.x.tensor, heldOut.x);
  backend.write(evaluation.y.tensor, heldOut.y);
  const params = model.plan.paramGrads;
  const optimizer = createOptimizer(
    backend,
    "adam",
    { learning_rate: 0.03 },
    params.map((p) => p.param.tensor),
  );
  for (let step = 0; step < 80; step++) {
    model.plan.forward();
    model.plan.backward();
    optimizer.step(params.map((p) => p.grad));
  }

  const positives = heldOut.y.reduce((s, v) => s + v, 0) / heldOut.y.length;
  const majority = Math.max(positives, 1 - positives);
  const trained = await accuracy(evaluation, heldOut.y);
  assert.ok(trained > majority + 0.3, `held-out accuracy ${trained}, majority baseline ${majority}`);
  assert.ok((await accuracy(model, train.y)) > 0.9);
});

test.run();
