import { test } from "uvu";
import { createSchedule } from "../../../stdlib/schedules/index.ts";
import { assertClose } from "../../helpers/conformance.ts";

test("drops by decay_rate every decay_steps updates", () => {
  const schedule = createSchedule("step_decay", { initial_learning_rate: 0.1, decay_steps: 3, decay_rate: 0.1 });
  const rates = [0, 1, 2, 3, 5, 6, 9].map((k) => schedule.rate(k));
  assertClose(rates, [0.1, 0.1, 0.1, 0.01, 0.01, 0.001, 0.0001], "rates", { atol: 0, rtol: 1e-12 });
});

test.run();
