import { test } from "uvu";
import { createSchedule } from "../../../stdlib/schedules/index.ts";
import { assertClose } from "../../helpers/conformance.ts";

const exact = { atol: 1e-12, rtol: 0 };

test("half cosine from the initial rate to alpha * rate, then flat", () => {
  const schedule = createSchedule("cosine_decay", { initial_learning_rate: 1, decay_steps: 4, alpha: 0.1 });
  const rates = [0, 1, 2, 3, 4, 5].map((k) => schedule.rate(k));
  // (1 - 0.1) * 0.5 * (1 + cos(pi k / 4)) + 0.1
  assertClose(rates, [1, 0.8681980515339464, 0.55, 0.23180194846605373, 0.1, 0.1], "rates", exact);
});

test("linear warmup to warmup_target, then the decay from it", () => {
  const schedule = createSchedule("cosine_decay", {
    initial_learning_rate: 0,
    decay_steps: 2,
    warmup_target: 1,
    warmup_steps: 4,
  });
  const rates = [0, 1, 2, 4, 5, 6, 7].map((k) => schedule.rate(k));
  assertClose(rates, [0, 0.25, 0.5, 1, 0.5, 0, 0], "rates", exact);
});

test.run();
