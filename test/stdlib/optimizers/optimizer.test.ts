import { test } from "uvu";
import * as assert from "uvu/assert";
import type { Backend } from "../../../interpreter/backends/backend.ts";
import { CpuBackend } from "../../../interpreter/backends/cpu/cpu-backend.ts";
import { createOptimizer, optimizerNames, optimizers } from "../../../stdlib/optimizers/index.ts";
import { createSchedule } from "../../../stdlib/schedules/index.ts";
import { defaults } from "../../../stdlib/spec.ts";
import { assertClose } from "../../helpers/conformance.ts";

test("registry lists the Keras optimizers with Keras defaults", () => {
  assert.equal(optimizerNames, ["sgd", "adam", "adamw", "rmsprop", "adagrad"]);
  assert.is(defaults(optimizers.sgd!).learning_rate, 0.01);
  assert.is(defaults(optimizers.adam!).epsilon, 1e-7);
  assert.is(defaults(optimizers.adamw!).weight_decay, 0.004);
  assert.is(defaults(optimizers.adagrad!).initial_accumulator_value, 0.1);
  assert.is(optimizers.adam!.keras, "keras.optimizers.Adam");
  const adamOptions = optimizers.adam!.options.map((o) => o.name);
  assert.ok(adamOptions.includes("clipnorm") && adamOptions.includes("beta_1"));
});

test("unknown optimizers and options are rejected by name", () => {
  const backend = new CpuBackend();
  assert.throws(() => createOptimizer(backend, "adamax", {}, []), /unknown optimizer "adamax"/);
  assert.throws(() => createOptimizer(backend, "adam", { beta1: 0.9 }, []), /unknown option "beta1"/);
  assert.throws(() => createOptimizer(backend, "sgd", { momentum: 1 }, []), /momentum must be in/);
});

test("a backend without the update kernel is refused up front", () => {
  const cpu = new CpuBackend();
  const limited: Backend = Object.assign(Object.create(cpu) as Backend, { kernels: new Set(["sgd_update"]) });
  assert.throws(() => createOptimizer(limited, "adam", {}, []), /lacks kernels: adam_update/);
  createOptimizer(limited, "sgd", {}, []);
});

test("weight_decay works on any optimizer and runs before the update", async () => {
  const backend = new CpuBackend();
  const w = backend.alloc([1]);
  backend.write(w, [2]);
  const g = backend.alloc([1]);
  backend.write(g, [1]);
  createOptimizer(backend, "sgd", { learning_rate: 0.1, weight_decay: 0.5 }, [w]).step([g]);
  // w = 2 - 2*0.5*0.1 = 1.9, then 1.9 - 0.1*1 = 1.8.
  assertClose(await backend.read(w), [1.8], "w");
});

test("the learning rate follows a schedule per update and can be replaced", async () => {
  const backend = new CpuBackend();
  const w = backend.alloc([1]);
  const g = backend.alloc([1]);
  backend.write(g, [1]);
  const schedule = createSchedule("step_decay", { initial_learning_rate: 1, decay_steps: 2, decay_rate: 0.5 });
  const opt = createOptimizer(backend, "sgd", { learning_rate: schedule }, [w]);
  const rates: number[] = [];
  for (let k = 0; k < 4; k++) {
    rates.push(opt.currentLearningRate());
    opt.step([g]);
  }
  assert.equal(rates, [1, 1, 0.5, 0.5]);
  assert.is(opt.iterations, 4);
  assertClose(await backend.read(w), [-3], "w");
  opt.learningRate = 0.25;
  opt.step([g]);
  assertClose(await backend.read(w), [-3.25], "w after replacing the rate");
});

test("gradient count and sizes are checked", () => {
  const backend = new CpuBackend();
  const opt = createOptimizer(backend, "adam", {}, [backend.alloc([2])]);
  assert.throws(() => opt.step([]), /1 parameters/);
  assert.throws(() => opt.step([backend.alloc([3])]), /wrong size/);
});

test.run();
