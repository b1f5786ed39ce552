import { test } from "uvu";
import * as assert from "uvu/assert";
import { CpuBackend } from "../../../interpreter/backends/cpu/cpu-backend.ts";
import { createRegularizer, regularizers } from "../../../stdlib/regularizers/index.ts";
import { defaults } from "../../../stdlib/spec.ts";
import { assertClose } from "../../helpers/conformance.ts";

const weights = [0.5, -1.25, 2, -0.75];

test("Keras defaults: l1 and l2 0.01, l1_l2 zero", () => {
  assert.equal({ l1: 0, l2: 0, ...defaults(regularizers.l1!) }, { l1: 0.01, l2: 0 });
  assert.equal({ l1: 0, l2: 0, ...defaults(regularizers.l2!) }, { l1: 0, l2: 0.01 });
  assert.equal({ l1: 0, l2: 0, ...defaults(regularizers.l1_l2!) }, { l1: 0, l2: 0 });
  assert.throws(() => createRegularizer("l1", { l2: 1 }), /unknown option "l2"/);
  assert.throws(() => createRegularizer("l3"), /unknown regularizer/);
});

test("penalties on the host and on the device match the formula", async () => {
  // sum|w| = 4.5, sum w^2 = 0.25 + 1.5625 + 4 + 0.5625 = 6.375
  const cases: [string, object, number][] = [
    ["l1", {}, 0.045],
    ["l2", {}, 0.06375],
    ["l1_l2", { l1: 0.1, l2: 0.2 }, 0.45 + 1.275],
  ];
  const backend = new CpuBackend();
  const w = backend.alloc([2, 2]);
  backend.write(w, weights);
  for (const [name, options, expected] of cases) {
    const reg = createRegularizer(name, options);
    assertClose([reg.penalty(weights)], [expected], `${name} host`);
    const total = backend.alloc([1]);
    backend.write(total, [1]);
    reg.addPenalty(backend, w, total);
    reg.addPenalty(backend, w, total);
    assertClose(await backend.read(total), [1 + 2 * expected], `${name} device, accumulated twice`);
  }
});

test("gradient matches central finite differences of the penalty", async () => {
  const reg = createRegularizer("l1_l2", { l1: 0.03, l2: 0.2 });
  const backend = new CpuBackend();
  const w = backend.alloc([4]);
  backend.write(w, weights);
  const grad = backend.alloc([4]);
  backend.write(grad, [1, 2, 3, 4]);
  reg.addGradient(backend, w, grad);
  const added = Array.from(await backend.read(grad), (g, i) => g - (i + 1));
  const h = 1e-6;
  const numeric = weights.map((_, i) => {
    const plus = [...weights];
    const minus = [...weights];
    plus[i]! += h;
    minus[i]! -= h;
    return (reg.penalty(plus) - reg.penalty(minus)) / (2 * h);
  });
  assertClose(added, numeric, "gradient");
  // Keras/TF: the L1 subgradient at exactly 0 is 0.
  const zero = backend.alloc([1]);
  const zeroGrad = backend.alloc([1]);
  reg.addGradient(backend, zero, zeroGrad);
  assertClose(await backend.read(zeroGrad), [0], "gradient at 0");
});

test.run();
