import { test } from "uvu";
import * as assert from "uvu/assert";
import { computeFans, initialize, initializerNames } from "../../../stdlib/initializers/index.ts";
import { Random } from "../../../interpreter/autograd/random.ts";

function stats(values: Float32Array) {
  let sum = 0;
  let min = Infinity;
  let max = -Infinity;
  for (const v of values) {
    sum += v;
    min = Math.min(min, v);
    max = Math.max(max, v);
  }
  const mean = sum / values.length;
  let sq = 0;
  for (const v of values) sq += (v - mean) ** 2;
  return { mean, std: Math.sqrt(sq / values.length), min, max };
}

/** Asserts mean ≈ 0 and std within 2% of `std`, and all values within ±bound. */
function assertDistribution(values: Float32Array, std: number, bound: number, what: string) {
  const s = stats(values);
  assert.ok(Math.abs(s.mean) < 0.02 * std, `${what}: mean ${s.mean}`);
  assert.ok(Math.abs(s.std / std - 1) < 0.02, `${what}: std ${s.std}, expected ${std}`);
  assert.ok(s.min >= -bound && s.max <= bound, `${what}: range [${s.min}, ${s.max}] exceeds ±${bound}`);
  // With this many draws the extremes come close to the bound.
  assert.ok(s.max > 0.97 * bound && s.min < -0.97 * bound, `${what}: range [${s.min}, ${s.max}] far inside ±${bound}`);
}

const TRUNCATED_STD = 0.87962566103423978;

test("fans follow Keras: dense [in, out], conv multiplies by the receptive field", () => {
  assert.equal(computeFans([784, 128]), { fanIn: 784, fanOut: 128 });
  assert.equal(computeFans([3, 3, 16, 32]), { fanIn: 144, fanOut: 288 });
  assert.equal(computeFans([3, 4, 8]), { fanIn: 12, fanOut: 24 });
  assert.equal(computeFans([5]), { fanIn: 5, fanOut: 5 });
  assert.equal(computeFans([]), { fanIn: 1, fanOut: 1 });
});

test("uniform variance-scaling initializers: U(±sqrt(3*scale/fan))", () => {
  const rng = new Random(1);
  // glorot: 6/(fan_in + fan_out); uniform std = limit/sqrt(3)
  const glorot = Math.sqrt(6 / (200 + 300));
  assertDistribution(initialize("glorot_uniform", [200, 300], rng), glorot / Math.sqrt(3), glorot, "glorot_uniform");
  const he = Math.sqrt(6 / 144);
  assertDistribution(initialize("he_uniform", [3, 3, 16, 400], rng), he / Math.sqrt(3), he, "he_uniform");
  const lecun = Math.sqrt(3 / 400);
  assertDistribution(initialize("lecun_uniform", [400, 150], rng), lecun / Math.sqrt(3), lecun, "lecun_uniform");
});

test("normal variance-scaling initializers: truncated at 2 stddev, std sqrt(scale/fan)", () => {
  const rng = new Random(2);
  // The truncated draw has std sqrt(scale/fan) exactly; the bound is 2 * sqrt(scale/fan)/0.8796.
  const check = (name: string, shape: number[], variance: number) => {
    const std = Math.sqrt(variance);
    assertDistribution(initialize(name, shape, rng), std, (2 * std) / TRUNCATED_STD, name);
  };
  check("glorot_normal", [200, 300], 2 / 500);
  check("he_normal", [3, 3, 16, 400], 2 / 144);
  check("lecun_normal", [400, 150], 1 / 400);
});

test("fixed-distribution initializers use Keras defaults", () => {
  const rng = new Random(3);
  assertDistribution(initialize("random_uniform", [60000], rng), 0.05 / Math.sqrt(3), 0.05, "random_uniform");
  const normal = stats(initialize("random_normal", [60000], rng));
  assert.ok(Math.abs(normal.std / 0.05 - 1) < 0.02, `random_normal std ${normal.std}`);
  const truncated = initialize("truncated_normal", [60000], rng, { stddev: 1 });
  assertDistribution(truncated, TRUNCATED_STD, 2, "truncated_normal");
});

test("constants", () => {
  const rng = new Random(4);
  assert.equal(Array.from(initialize("zeros", [2, 2], rng)), [0, 0, 0, 0]);
  assert.equal(Array.from(initialize("ones", [3], rng)), [1, 1, 1]);
  assert.equal(Array.from(initialize("constant", [2], rng, { value: 0.5 })), [0.5, 0.5]);
  assert.equal(Array.from(initialize("constant", [2], rng)), [0, 0]);
});

test("same seed gives the same values, another seed other values", () => {
  for (const name of initializerNames) {
    const a = initialize(name, [8, 4], new Random(11));
    const b = initialize(name, [8, 4], new Random(11));
    assert.equal(a, b, name);
  }
  assert.not.equal(initialize("he_normal", [8, 4], new Random(11)), initialize("he_normal", [8, 4], new Random(12)));
});

test("unknown names and options are rejected", () => {
  const rng = new Random(5);
  assert.throws(() => initialize("xavier", [2], rng), /unknown initializer "xavier"/);
  assert.throws(() => initialize("glorot_uniform", [2], rng, { gain: 2 }), /unknown option "gain"/);
});

test.run();
