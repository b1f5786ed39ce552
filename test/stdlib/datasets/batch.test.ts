import { test } from "uvu";
import * as assert from "uvu/assert";
import { gatherBatch } from "../../../stdlib/datasets/batch.ts";
import { toyDataset } from "./toy-dataset.ts";

test("copies the indexed examples into the batch buffers", () => {
  const ds = toyDataset(5);
  const x = new Float32Array(4).fill(-1);
  const y = new Float32Array(2).fill(-1);
  gatherBatch(ds, Uint32Array.of(4, 0, 3, 1), 1, 2, x, y);
  assert.equal(Array.from(x), [0, 1, 30, 31]);
  assert.equal(Array.from(y), [0, 0]);
  gatherBatch(ds, [4, 2], 0, 2, x, y);
  assert.equal(Array.from(x), [40, 41, 20, 21]);
  assert.equal(Array.from(y), [1, 2]);
});

test("a short last batch fills only the front of larger buffers", () => {
  const ds = toyDataset(3);
  const x = new Float32Array(6).fill(-1);
  const y = new Float32Array(3).fill(-1);
  gatherBatch(ds, [0, 1, 2], 2, 1, x, y);
  assert.equal(Array.from(x), [20, 21, -1, -1, -1, -1]);
  assert.equal(Array.from(y), [2, -1, -1]);
});

test("rejects buffers that are too small or a range past the indices", () => {
  const ds = toyDataset(3);
  assert.throws(() => gatherBatch(ds, [0, 1], 0, 2, new Float32Array(3), new Float32Array(2)), /too small/);
  assert.throws(() => gatherBatch(ds, [0, 1], 1, 2, new Float32Array(4), new Float32Array(2)), /outside 2 indices/);
});

test.run();
