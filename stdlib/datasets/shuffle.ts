import type { Random } from "../../interpreter/autograd/random.ts";

/**
 * The example order for one epoch: a fresh permutation of 0..count-1 drawn from `rng`.
 * Pass the previous epoch's array as `reuse` to avoid allocating; it is reset to the identity
 * first, so the order depends only on the rng state, not on earlier epochs.
 */
export function epochOrder(count: number, rng: Random, reuse?: Uint32Array): Uint32Array {
  const order = reuse !== undefined && reuse.length === count ? reuse : new Uint32Array(count);
  for (let i = 0; i < count; i++) order[i] = i;
  rng.shuffle(order);
  return order;
}
