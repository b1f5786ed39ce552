// What `dl run` prints per epoch without a terminal: every epoch (or every Nth, as the header
// says), learning-rate changes, the stopping epoch, and a plain line every 10 s of a long epoch.
import { test } from "uvu";
import * as assert from "uvu/assert";
import { consoleReporter, type ConsoleOptions } from "../../cli/progress.ts";
import type { RunReporter } from "../../interpreter/api.ts";

const notTerminal = { isTTY: false } as NodeJS.WriteStream;
const defaults: ConsoleOptions = { logEvery: 1, quiet: false, overridden: new Set() };

/** The lines `body` prints through the reporter, with performance.now() reading `clock.ms`. */
function printed(options: Partial<ConsoleOptions>, body: (reporter: RunReporter, clock: { ms: number }) => void): string[] {
  const lines: string[] = [];
  const clock = { ms: 0 };
  const { log } = console;
  const now = performance.now;
  console.log = (line: string) => lines.push(line);
  performance.now = () => clock.ms;
  try {
    body(consoleReporter({ ...defaults, ...options }, notTerminal), clock);
  } finally {
    console.log = log;
    performance.now = now;
  }
  return lines;
}

const train = { model: "m", data: "d", epochs: 25, batch: 8, seed: 0 } as Parameters<NonNullable<RunReporter["trainBegin"]>>[0];

function epochs(reporter: RunReporter, count: number): void {
  for (let epoch = 1; epoch <= count; epoch++) {
    reporter.epochBegin!(epoch, count, 1);
    reporter.epochEnd!(epoch, count, { loss: 1 / epoch }, 0.5);
  }
}

test("by default every epoch prints, however many there are (no hidden sampling)", () => {
  const lines = printed({}, (r) => epochs(r, 25));
  assert.is(lines.length, 25);
  assert.is(lines[1], "Epoch 2/25 - 0.5s - loss: 0.5000");
});

test("--log-every 10: the header says so; epochs 1, 10, 20 and the last print", () => {
  const lines = printed({ logEvery: 10 }, (r) => {
    r.trainBegin!(train, { train: 100, validation: 0 }, "cpu");
    epochs(r, 25);
  });
  assert.equal(lines, [
    "Training m on d: 100 examples, 25 epochs of batch 8, logging every 10 epochs, on cpu",
    "Epoch 1/25 - 0.5s - loss: 1.0000",
    "Epoch 10/25 - 0.5s - loss: 0.1000",
    "Epoch 20/25 - 0.5s - loss: 0.0500",
    "Epoch 25/25 - 0.5s - loss: 0.0400",
  ]);
});

test("overridden settings are marked in the header", () => {
  const lines = printed({ overridden: new Set(["epochs", "batch", "seed"]) }, (r) =>
    r.trainBegin!({ ...train, seed: 7 }, { train: 1200, validation: 300 }, "cpu"),
  );
  assert.equal(lines, [
    "Training m on d: 1,200 examples, validating on 300, 25 epochs (--epochs) of batch 8 (--batch), seed 7 (--seed), on cpu",
  ]);
});

test("--quiet: the header and what changes the run, no epoch lines", () => {
  const lines = printed({ quiet: true }, (r) => {
    r.trainBegin!(train, { train: 100, validation: 0 }, "cpu");
    r.epochBegin!(1, 3, 1000);
    r.batchEnd!(999, 1000, { loss: 1 });
    r.epochEnd!(1, 3, { loss: 1 }, 60);
    r.learningRateChanged!(1, 0.01, 0.005, "reduce_on_plateau");
    r.learningRateChanged!(2, 0.005, 0.004, "exponential_decay");
    r.stopped!("early stopping: loss stopped improving after epoch 1", 3);
  });
  assert.equal(lines, [
    "Training m on d: 100 examples, 25 epochs of batch 8, quiet, on cpu",
    "Learning rate after epoch 1: 0.01000 → 0.005000 (reduce_on_plateau)",
    "Epoch 3/3: early stopping: loss stopped improving after epoch 1",
  ]);
});

test("learning-rate changes: a plateau's cut after its epoch, a step schedule's rate at the end of a printed epoch", () => {
  const lines = printed({}, (r) => {
    r.epochBegin!(1, 2, 1);
    r.epochEnd!(1, 2, { loss: 1 }, 1);
    r.learningRateChanged!(1, 0.1, 0.09, "step_decay");
  });
  assert.equal(lines, ["Epoch 1/2 - 1.0s - loss: 1.0000", "Learning rate at the end of epoch 1: 0.1000 → 0.09000 (step_decay)"]);
});

test("without a terminal, a long epoch prints a plain progress line every 10 s", () => {
  const lines = printed({}, (r, clock) => {
    r.epochBegin!(1, 1, 100);
    for (let step = 1; step <= 100; step++) {
      clock.ms = step * 1000;
      r.batchEnd!(step, 100, { loss: 0.5 });
    }
    r.epochEnd!(1, 1, { loss: 0.5 }, 100);
  });
  assert.is(lines.length, 10);
  assert.is(lines[0], "Epoch 1/1 - step 10/100 - 10s - loss: 0.5000");
  assert.is(lines[8], "Epoch 1/1 - step 90/100 - 90s - loss: 0.5000");
  assert.is(lines[9], "Epoch 1/1 - 100.0s - loss: 0.5000");
});

test.run();
