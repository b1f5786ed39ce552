// Loads a reference case from test/conformance (copied from ../shared/conformance) and
// compares values with the tolerance its README states: |a - e| <= atol + rtol * |e|.
import { readFileSync } from "node:fs";
import * as assert from "uvu/assert";

export interface RefTensor {
  shape: number[];
  dtype: "float32" | "float64" | "int32";
  data: number[];
}

export interface RefCase {
  name: string;
  kind: "activation" | "layer" | "loss" | "optimizer" | "model";
  op: string;
  config: Record<string, unknown>;
  inputs: Record<string, any>;
  params: Record<string, RefTensor>;
  upstream?: RefTensor;
  expected: Record<string, any>;
  notes: string;
}

export const TOLERANCE = { atol: 1e-4, rtol: 1e-4 };

export function loadCase(name: string): RefCase {
  const url = new URL(`../conformance/${name}.json`, import.meta.url);
  return JSON.parse(readFileSync(url, "utf8")) as RefCase;
}

/** Asserts every element is within tolerance, naming the first index that is not. */
export function assertClose(actual: ArrayLike<number>, expected: ArrayLike<number>, what: string, tolerance = TOLERANCE): void {
  assert.is(actual.length, expected.length, `${what}: length`);
  for (let i = 0; i < expected.length; i++) {
    const a = actual[i]!;
    const e = expected[i]!;
    const allowed = tolerance.atol + tolerance.rtol * Math.abs(e);
    if (!(Math.abs(a - e) <= allowed)) {
      assert.unreachable(`${what}[${i}]: got ${a}, expected ${e} (allowed ±${allowed.toExponential(2)})`);
    }
  }
}
