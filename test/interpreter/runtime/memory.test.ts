// Steady-state training allocates nothing: after the first epoch has built every executor,
// fit() makes no backend tensors and the JS heap stays flat over 1,000 more steps.
import { setFlagsFromString } from "node:v8";
import { runInNewContext } from "node:vm";
import { test } from "uvu";
import * as assert from "uvu/assert";
import type { CheckedTrain } from "../../../interpreter/check/checked.ts";
import { fitToInput, prepareData } from "../../../interpreter/runtime/data.ts";
import { fit } from "../../../interpreter/runtime/fit.ts";
import { ModelRuntime } from "../../../interpreter/runtime/model-runtime.ts";
import { compile, CountingBackend } from "./helpers.ts";

// Exposes gc() even when node was started without --expose-gc (the test runner is).
setFlagsFromString("--expose-gc");
const gc = runInNewContext("gc") as () => void;

function heapAfterGc(): number {
  gc();
  gc();
  const { heapUsed, arrayBuffers } = process.memoryUsage();
  return heapUsed + arrayBuffers;
}

// 126 spiral points, 100 for training in batches of 8: 12 full steps and a last one of 4 (two executors),
// 26 validation examples (a third executor, for the last partial batch of 2), dropout, shuffling, a metric.
const source = `model net {
  input 2
  layer dense 32 relu
  layer dropout 0.2
  layer dense 32 relu
  layer dense 3 softmax
}

data curls {
  source spirals points=42 classes=3 noise=0.1
  validation 0.2
}

train net on curls {
  optimizer adam lr=0.001
  loss sparse_categorical_crossentropy
  metrics accuracy
  epochs 79
  batch 8
  seed 1
}
`;

test("1,000 training steps after the first epoch: no backend allocations, heap growth under 1 MB", async () => {
  const loaded = compile(source);
  const train = (loaded.checked.workflow[0] as { train: CheckedTrain }).train;
  const model = loaded.checked.models.get("net")!;
  const { splits } = prepareData(loaded.checked.data.get("curls")!, "test.dl");
  const data = fitToInput(splits, model.inputShape, "curls");
  assert.is(data.train.count, 100);
  assert.is(data.validation!.count, 26);
  const stepsPerEpoch = Math.ceil(100 / 8);
  const backend = new CountingBackend();
  const runtime = new ModelRuntime(backend, model, train.loss, train.seed);
  const warmupEpochs = 2;
  // Steps counted from the end of the warm-up epochs to the end of training.
  const measured = (train.epochs - warmupEpochs) * stepsPerEpoch;
  assert.ok(measured >= 1000, `only ${measured} steps measured`);

  let allocationsAfterFirst = -1;
  let heapAfterWarmup = 0;
  let steps = 0;
  const history = await fit(runtime, data.train, data.validation, train, {
    batchEnd: () => void steps++,
    epochEnd: (epoch) => {
      if (epoch === 1) allocationsAfterFirst = backend.allocations;
      if (epoch === warmupEpochs) heapAfterWarmup = heapAfterGc();
    },
  });
  const growth = heapAfterGc() - heapAfterWarmup;
  assert.is(history.epochs.length, train.epochs);
  assert.is(steps, train.epochs * stepsPerEpoch);
  assert.ok(allocationsAfterFirst > 0);
  assert.is(backend.allocations - allocationsAfterFirst, 0, "backend.alloc calls after epoch 1");
  // One leaked 32×32 buffer per step would be 4 MB over these steps.
  assert.ok(growth < 1024 * 1024, `heap grew by ${growth} bytes over ${measured} steps`);
});

test.run();
