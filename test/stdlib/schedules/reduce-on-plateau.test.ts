import { test } from "uvu";
import * as assert from "uvu/assert";
import { ReduceOnPlateau } from "../../../stdlib/schedules/index.ts";

/** Feeds one monitored value per epoch and returns the rate after each. */
function run(plateau: ReduceOnPlateau, values: number[], lr = 1): number[] {
  return values.map((v) => (lr = plateau.update(v, lr)));
}

test("reduces by factor after patience epochs without improvement (min mode)", () => {
  const plateau = new ReduceOnPlateau({ factor: 0.5, patience: 2 });
  assert.equal(run(plateau, [1, 0.9, 0.95, 0.9, 0.91, 0.8, 0.85, 0.85]), [1, 1, 1, 0.5, 0.5, 0.5, 0.5, 0.25]);
});

test("improvements smaller than min_delta do not count", () => {
  const plateau = new ReduceOnPlateau({ factor: 0.5, patience: 1, min_delta: 0.1 });
  assert.equal(run(plateau, [1, 0.95, 0.8]), [1, 0.5, 0.5]);
});

test("never goes below min_lr", () => {
  const plateau = new ReduceOnPlateau({ factor: 0.1, patience: 1, min_lr: 0.05 });
  assert.equal(run(plateau, [1, 1, 1, 1]), [1, 0.1, 0.05, 0.05]);
});

test("auto mode maximises accuracy-like monitors", () => {
  const plateau = new ReduceOnPlateau({ monitor: "val_accuracy", factor: 0.5, patience: 1 });
  assert.equal(run(plateau, [0.5, 0.6, 0.55]), [1, 1, 0.5]);
});

test("cooldown waits before counting again (Keras: the counter drops before the check)", () => {
  const plateau = new ReduceOnPlateau({ factor: 0.5, patience: 1, cooldown: 2 });
  assert.equal(run(plateau, [1, 1, 1, 1, 1, 1, 1]), [1, 0.5, 0.5, 0.25, 0.25, 0.125, 0.125]);
});

test.run();
