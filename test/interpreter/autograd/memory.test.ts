// A compiled plan replays kernels into buffers allocated once, so training steps must not
// allocate backend tensors nor grow the JS heap.
import { test } from "uvu";
import * as assert from "uvu/assert";
import { setFlagsFromString } from "node:v8";
import { runInNewContext } from "node:vm";
import * as ops from "../../../interpreter/autograd/ops/index.ts";
import { Graph } from "../../../interpreter/autograd/graph.ts";
import { CpuBackend } from "../../../interpreter/backends/cpu/cpu-backend.ts";
import { loss } from "../../../stdlib/losses/index.ts";
import { randomData } from "./harness.ts";

// Exposes gc() even when node was started without --expose-gc (the test runner is).
setFlagsFromString("--expose-gc");
const gc = runInNewContext("gc") as () => void;

function heapAfterGc(): number {
  gc();
  gc();
  const { heapUsed, arrayBuffers } = process.memoryUsage();
  return heapUsed + arrayBuffers; // typed-array storage lives outside the JS heap
}

test("1,000 forward+backward steps of an MLP allocate no tensors and keep the heap flat", () => {
  const backend = new CpuBackend();
  let allocations = 0;
  const alloc = backend.alloc.bind(backend);
  backend.alloc = (shape) => {
    allocations++;
    return alloc(shape);
  };
  const g = new Graph(backend, { seed: 3 });
  const x = g.input([32, 64], "x");
  const labels = g.input([32], "labels");
  backend.write(x.tensor, randomData([32, 64], 1).data);
  backend.write(
    labels.tensor,
    Float32Array.from({ length: 32 }, (_, i) => i % 10),
  );
  const w1 = g.param([64, 32], "w1", randomData([64, 32], 2, -0.2, 0.2).data);
  const b1 = g.param([32], "b1");
  const w2 = g.param([32, 10], "w2", randomData([32, 10], 3, -0.2, 0.2).data);
  const b2 = g.param([10], "b2");
  const hidden = ops.dropout(g, ops.unary(g, "relu", ops.dense(g, x, w1, b1)), 0.1);
  const logits = ops.dense(g, hidden, w2, b2);
  const plan = g.compile(loss("sparse_categorical_crossentropy").apply(g, logits, labels, { from_logits: true }));

  for (let i = 0; i < 300; i++) {
    plan.forward();
    plan.backward();
  }
  const allocationsBefore = allocations;
  const before = heapAfterGc();
  for (let i = 0; i < 1000; i++) {
    plan.forward();
    plan.backward();
  }
  const growth = heapAfterGc() - before;
  assert.is(allocations, allocationsBefore, "no backend allocations during steps");
  // One leaked [32, 32] buffer per step would add 4 MB; allow noise from the runtime itself.
  assert.ok(growth < 128 * 1024, `heap grew by ${growth} bytes over 1,000 steps`);
});

test.run();
