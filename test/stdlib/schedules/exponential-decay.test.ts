import { test } from "uvu";
import * as assert from "uvu/assert";
import { createSchedule } from "../../../stdlib/schedules/index.ts";
import { assertClose, loadCase } from "../../helpers/conformance.ts";

test("matches the conformance learning_rate_per_step", () => {
  const ref = loadCase("sgd_momentum_exponential_decay");
  const { class_name: _, ...config } = ref.config.learning_rate as Record<string, number | boolean | string>;
  const schedule = createSchedule("exponential_decay", config as Record<string, number | boolean>);
  const rates = [0, 1, 2, 3, 4].map((k) => schedule.rate(k));
  assertClose(rates, ref.expected.learning_rate_per_step.data, "rates");
});

test("staircase decays in whole steps", () => {
  const schedule = createSchedule("exponential_decay", {
    initial_learning_rate: 0.1,
    decay_steps: 2,
    decay_rate: 0.5,
    staircase: true,
  });
  assertClose(
    [0, 1, 2, 3, 4].map((k) => schedule.rate(k)),
    [0.1, 0.1, 0.05, 0.05, 0.025],
    "rates",
  );
});

test("rejects unknown options and missing ones", () => {
  assert.throws(() => createSchedule("exponential_decay", { initial_learning_rate: 1, decay_step: 2 }), /unknown option/);
  assert.throws(() => createSchedule("exponential_decay", { initial_learning_rate: 1 }), /decay_steps/);
  assert.throws(() => createSchedule("polynomial_decay", {}), /unknown learning-rate schedule/);
});

test.run();
