import { test } from "uvu";
import * as assert from "uvu/assert";
import { Random } from "../../../interpreter/autograd/random.ts";
import { epochOrder, shuffleExamples } from "../../../stdlib/datasets/shuffle.ts";

test("is a permutation, the same for the same seed", () => {
  const a = epochOrder(100, new Random(5));
  const b = epochOrder(100, new Random(5));
  const c = epochOrder(100, new Random(6));
  assert.equal(a, b);
  assert.not.equal(a, c);
  assert.equal(
    Array.from(a).sort((x, y) => x - y),
    Array.from({ length: 100 }, (_, i) => i),
  );
});

test("reuses the buffer and each epoch depends only on the rng state", () => {
  const rng = new Random(1);
  const first = epochOrder(50, rng);
  const firstCopy = first.slice();
  const second = epochOrder(50, rng, first);
  assert.is(second, first);
  assert.not.equal(second, firstCopy);

  const replay = new Random(1);
  epochOrder(50, replay);
  assert.equal(epochOrder(50, replay), second);
  assert.is.not(epochOrder(49, rng, first), first, "wrong-size buffer is replaced");
});

test("shuffleExamples: features and labels move together, in the seed's order, into a copy", () => {
  const ds = {
    features: Float32Array.from([0, 0, 1, 1, 2, 2, 3, 3]),
    featureShape: [2],
    labels: Float32Array.from([0, 1, 2, 3]),
    labelShape: [],
    count: 4,
  };
  const shuffled = shuffleExamples(ds, 3);
  const order = epochOrder(4, new Random(3));
  assert.equal(Array.from(shuffled.labels), Array.from(order));
  assert.equal(
    Array.from(shuffled.features),
    Array.from(order).flatMap((i) => [i, i]),
  );
  assert.equal(Array.from(ds.labels), [0, 1, 2, 3], "the original is untouched");
  assert.equal(shuffleExamples(ds, 3).labels, shuffled.labels);
});

test.run();
