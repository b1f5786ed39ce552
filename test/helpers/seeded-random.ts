// A small seeded generator for the kernel tests (mulberry32), so random shapes and values are
// the same on every run, and whole numbers drawn from it.

export function rng(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** A whole number from lo to hi, both included. */
export const int = (next: () => number, lo: number, hi: number) => lo + Math.floor(next() * (hi - lo + 1));
