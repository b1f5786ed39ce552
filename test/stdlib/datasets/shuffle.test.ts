import { test } from "uvu";
import * as assert from "uvu/assert";
import { Random } from "../../../interpreter/autograd/random.ts";
import { epochOrder } from "../../../stdlib/datasets/shuffle.ts";

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

test.run();
