// One seeded generator for everything random in dl (initializers, dropout, shuffling),
// so a program run twice with the same seed gives bit-identical results.
// xoshiro128** (Blackman & Vigna) seeded through splitmix32.

export class Random {
  private s0: number;
  private s1: number;
  private s2: number;
  private s3: number;
  private spareNormal: number | null = null;
  /** The generators forked from this one, so a checkpoint can hold the whole family's state. */
  private readonly forks: Random[] = [];

  constructor(seed: number) {
    let state = seed >>> 0;
    const next = (): number => {
      state = (state + 0x9e3779b9) >>> 0;
      let z = state;
      z = Math.imul(z ^ (z >>> 16), 0x85ebca6b);
      z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35);
      return (z ^ (z >>> 16)) >>> 0;
    };
    this.s0 = next();
    this.s1 = next();
    this.s2 = next();
    this.s3 = next();
  }

  /** A uniform 32-bit unsigned integer. */
  nextUint32(): number {
    const result = Math.imul(rotl(Math.imul(this.s1, 5), 7), 9) >>> 0;
    const t = this.s1 << 9;
    this.s2 ^= this.s0;
    this.s3 ^= this.s1;
    this.s1 ^= this.s2;
    this.s0 ^= this.s3;
    this.s2 ^= t;
    this.s3 = rotl(this.s3, 11);
    return result;
  }

  /** Uniform in [0, 1). */
  uniform(): number {
    return this.nextUint32() / 4294967296;
  }

  /** Standard normal (Box-Muller, caching the second value). */
  normal(): number {
    if (this.spareNormal !== null) {
      const value = this.spareNormal;
      this.spareNormal = null;
      return value;
    }
    let u = 0;
    while (u === 0) u = this.uniform();
    const v = this.uniform();
    const radius = Math.sqrt(-2 * Math.log(u));
    this.spareNormal = radius * Math.sin(2 * Math.PI * v);
    return radius * Math.cos(2 * Math.PI * v);
  }

  /** Uniform integer in [0, n). */
  int(n: number): number {
    return Math.floor(this.uniform() * n);
  }

  /** Shuffles in place (Fisher-Yates). */
  shuffle(values: { length: number; [i: number]: number }): void {
    for (let i = values.length - 1; i > 0; i--) {
      const j = this.int(i + 1);
      const tmp = values[i]!;
      values[i] = values[j]!;
      values[j] = tmp;
    }
  }

  /** A new generator derived from this one, so separate consumers do not disturb each other. */
  fork(): Random {
    const child = new Random(this.nextUint32());
    this.forks.push(child);
    return child;
  }

  /** The state of this generator and of every one forked from it, as plain numbers (for checkpoints). */
  state(): RandomState {
    return { words: [this.s0, this.s1, this.s2, this.s3], spare: this.spareNormal, forks: this.forks.map((f) => f.state()) };
  }

  /** Continues from a state that `state()` gave for a generator forked the same way. */
  restore(state: RandomState): void {
    [this.s0, this.s1, this.s2, this.s3] = state.words as [number, number, number, number];
    this.spareNormal = state.spare;
    if (state.forks.length !== this.forks.length) throw new Error(`random state: ${state.forks.length} forks for ${this.forks.length}`);
    this.forks.forEach((f, i) => f.restore(state.forks[i]!));
  }
}

export interface RandomState {
  words: number[];
  spare: number | null;
  forks: RandomState[];
}

function rotl(x: number, k: number): number {
  return ((x << k) | (x >>> (32 - k))) >>> 0;
}
