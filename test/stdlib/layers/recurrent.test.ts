import { test } from "uvu";
import * as assert from "uvu/assert";
import type { Value } from "../../../interpreter/autograd/graph.ts";
import { initialize } from "../../../stdlib/initializers/index.ts";
import { layers } from "../../../stdlib/layers/index.ts";
import type { Config, LayerSpec } from "../../../stdlib/layers/layer-spec.ts";
import { Random } from "../../../interpreter/autograd/random.ts";
import { ModelRuntime } from "../../../interpreter/runtime/model-runtime.ts";
import { evaluate } from "../../interpreter/autograd/harness.ts";
import { compile, CountingBackend } from "../../interpreter/runtime/helpers.ts";
import { assertClose, loadCase } from "../../helpers/conformance.ts";

const spec = (kind: string): LayerSpec => layers.get(kind) as LayerSpec;

/** The layer's defaults with `given` on top, as the checker hands them on. */
function configOf(layer: LayerSpec, given: Config): Config {
  const defaults = [...layer.args, ...layer.options].filter((a) => a.default != null).map((a) => [a.name, a.default!]);
  return { ...Object.fromEntries(defaults), ...given };
}

for (const kind of ["simple_rnn", "lstm", "gru"]) {
  for (const mode of ["last", "sequences"]) {
    const name = `${kind}_${mode}`;
    test(`conformance ${name} through the layer's forward`, async () => {
      const ref = loadCase(name);
      const layer = spec(kind);
      const config = configOf(layer, {
        units: ref.config.units as number,
        activation: ref.config.activation as string,
        return_sequences: ref.config.return_sequences as boolean,
      });
      assert.equal(layer.outputShape(ref.inputs.x.shape.slice(1), config), ref.expected.y.shape.slice(1));
      const names = ["kernel", "recurrent_kernel", "bias"];
      assert.equal(
        layer.params(ref.inputs.x.shape.slice(1), config).map((p) => [p.name, p.shape]),
        names.map((n) => [n, ref.params[n]!.shape]),
      );
      const { y, grads } = await evaluate(
        (graph, [x, ...weights]) => {
          const byName = new Map<string, Value>(names.map((n, i) => [n, weights[i]!]));
          return layer.forward!({ graph, param: (n) => byName.get(n)! }, x!, config);
        },
        [ref.inputs.x, ...names.map((n) => ref.params[n]!)],
        ref.upstream!.data,
      );
      assertClose(y, ref.expected.y.data, `${name} y`);
      for (const [i, grad] of ["grad_x", "grad_kernel", "grad_recurrent_kernel", "grad_bias"].entries()) {
        assertClose(grads[i]!, ref.expected[grad].data, `${name} ${grad}`);
      }
    });
  }
}

test("Keras initializers: glorot_uniform kernel, orthogonal recurrent kernel, zeros bias; lstm forget bias at 1", () => {
  const initializers = (kind: string, given: Config = {}) =>
    spec(kind)
      .params([10, 3], configOf(spec(kind), { units: 4, ...given }))
      .map((p) => `${p.name}:${p.initializer}`);
  assert.equal(initializers("simple_rnn"), ["kernel:glorot_uniform", "recurrent_kernel:orthogonal", "bias:zeros"]);
  assert.equal(initializers("gru"), ["kernel:glorot_uniform", "recurrent_kernel:orthogonal", "bias:zeros"]);
  assert.equal(initializers("lstm"), ["kernel:glorot_uniform", "recurrent_kernel:orthogonal", "bias:lstm_bias"]);
  assert.equal(initializers("lstm", { unit_forget_bias: false }), ["kernel:glorot_uniform", "recurrent_kernel:orthogonal", "bias:zeros"]);
  assert.equal(initializers("gru", { use_bias: false }), ["kernel:glorot_uniform", "recurrent_kernel:orthogonal"]);
  const bias = spec("lstm").params([10, 3], configOf(spec("lstm"), { units: 2 }))[2]!;
  assert.equal([...initialize(bias.initializer, bias.shape, new Random(1))], [0, 0, 1, 1, 0, 0, 0, 0]);
});

test("options: activations with recurrent kernels only, unit_forget_bias on lstm only", () => {
  const activation = spec("lstm").args.find((a) => a.name === "activation")!;
  assert.equal(activation.default, "tanh");
  assert.equal(activation.type.kind === "choice" && [...activation.type.values()], ["tanh", "sigmoid", "relu", "linear"]);
  assert.ok(spec("lstm").options.some((o) => o.name === "unit_forget_bias"));
  assert.not.ok(spec("gru").options.some((o) => o.name === "unit_forget_bias"));
});

test("a .dl model stacking lstm, gru and simple_rnn gets Keras initializers and trains without allocating", async () => {
  const loaded = compile(`model net {
  input 6 2
  layer lstm 4 return_sequences=true
  layer gru 3 relu return_sequences=true
  layer simple_rnn 3 use_bias=false
  layer dense 2 softmax
}
`);
  const backend = new CountingBackend();
  const runtime = new ModelRuntime(backend, loaded.checked.models.get("net")!, { name: "sparse_categorical_crossentropy", config: {} }, 3);
  assert.equal(
    runtime.weights.slice(0, 8).map((w) => `${w.name} [${w.spec.shape}] ${w.spec.initializer}`),
    [
      "lstm/kernel [2,16] glorot_uniform",
      "lstm/recurrent_kernel [4,16] orthogonal",
      "lstm/bias [16] lstm_bias",
      "gru/kernel [4,9] glorot_uniform",
      "gru/recurrent_kernel [3,9] orthogonal",
      "gru/bias [2,9] zeros",
      "simple_rnn/kernel [3,3] glorot_uniform",
      "simple_rnn/recurrent_kernel [3,3] orthogonal",
    ],
  );
  const executor = runtime.executor(4, 1);
  backend.write(
    executor.x.tensor,
    Array.from({ length: 48 }, (_, i) => Math.sin(i)),
  );
  backend.write(executor.y.tensor, [0, 1, 1, 0]);
  const allocated = backend.allocations;
  for (let step = 0; step < 3; step++) {
    executor.plan.forward();
    executor.plan.backward();
  }
  assert.is(backend.allocations, allocated);
  const [lossValue] = await backend.read(executor.loss.tensor);
  assert.ok(Number.isFinite(lossValue) && lossValue! > 0, `loss ${lossValue}`);
  const grads = await Promise.all(executor.grads.map((g) => backend.read(g)));
  assert.ok(
    grads.every((g) => g.some((v) => v !== 0)),
    "every weight gets a gradient",
  );
});

test.run();
