// Test helpers: run a graph forward and backward against an upstream gradient
// (L = sum(y * upstream), the conformance convention) and check gradients by central
// finite differences.
import * as assert from "uvu/assert";
import { sizeOf, type Shape } from "../../../interpreter/backends/backend.ts";
import { CpuBackend } from "../../../interpreter/backends/cpu/cpu-backend.ts";
import { Graph, type Value } from "../../../interpreter/autograd/graph.ts";
import { Random } from "../../../interpreter/autograd/random.ts";

export interface Data {
  readonly shape: Shape;
  readonly data: ArrayLike<number>;
}

/** Values in [lo, hi) from a seeded generator, optionally kept `gap` away from 0 (kinks). */
export function randomData(shape: Shape, seed: number, lo = -2, hi = 2, gap = 0): Data {
  const random = new Random(seed);
  const data = Array.from({ length: sizeOf(shape) }, () => {
    const x = lo + (hi - lo) * random.uniform();
    return Math.abs(x) < gap ? Math.sign(x || 1) * gap : x;
  });
  return { shape, data: Float32Array.from(data) };
}

export interface Evaluated {
  readonly y: Float32Array;
  /** dL/d(each input that requires a gradient), in order. */
  readonly grads: Float32Array[];
}

export type Build = (g: Graph, inputs: Value[]) => Value;

/**
 * Builds `build` over fresh inputs, runs forward and backward with dL/dy = upstream
 * (ones when omitted), and reads y and the gradient of every input listed in `wrt`.
 */
export async function evaluate(
  build: Build,
  inputs: readonly Data[],
  upstream?: ArrayLike<number>,
  wrt: readonly number[] = inputs.map((_, i) => i),
): Promise<Evaluated> {
  const { graph, values, y } = setUp(build, inputs, wrt);
  const seed = graph.backend.alloc(y.shape);
  graph.backend.write(seed, upstream ?? new Float32Array(y.tensor.size).fill(1));
  const plan = graph.compile(y, { seed });
  plan.forward();
  plan.backward();
  const grads = await Promise.all(wrt.map((i) => graph.backend.read(plan.grad(values[i]!))));
  return { y: await graph.backend.read(y.tensor), grads };
}

function setUp(build: Build, inputs: readonly Data[], wrt: readonly number[]) {
  const graph = new Graph(new CpuBackend());
  const values = inputs.map((input, i) => {
    const value = graph.input(input.shape, `x${i}`, { requiresGrad: wrt.includes(i) });
    graph.backend.write(value.tensor, input.data);
    return value;
  });
  return { graph, values, y: build(graph, values) };
}

export interface GradcheckOptions {
  readonly eps?: number;
  readonly atol?: number;
  readonly rtol?: number;
  /** Indices of inputs to differentiate (default: all). */
  readonly wrt?: readonly number[];
}

/**
 * Compares autograd gradients with central differences of L = sum(y * upstream) for a
 * random upstream. Inputs are float32, so the step actually taken (after rounding) is
 * used as the denominator.
 */
export async function gradcheck(what: string, build: Build, inputs: readonly Data[], options: GradcheckOptions = {}): Promise<void> {
  const { eps = 1e-2, atol = 2e-3, rtol = 1e-2 } = options;
  const wrt = options.wrt ?? inputs.map((_, i) => i);
  const probe = setUp(build, inputs, wrt);
  const upstream = randomData(probe.y.shape, 99, -1, 1).data;
  const analytic = await evaluate(build, inputs, upstream, wrt);

  const { graph, values, y } = probe;
  const plan = graph.compile(y);
  const objective = async (): Promise<number> => {
    plan.forward();
    const ys = await graph.backend.read(y.tensor);
    let sum = 0;
    for (let i = 0; i < ys.length; i++) sum += ys[i]! * upstream[i]!;
    return sum;
  };
  for (const [slot, index] of wrt.entries()) {
    const original = Float32Array.from(inputs[index]!.data);
    const x = values[index]!;
    const numeric = new Float64Array(original.length);
    for (let j = 0; j < original.length; j++) {
      const perturbed = Float32Array.from(original);
      perturbed[j] = original[j]! + eps;
      const up = perturbed[j]!;
      graph.backend.write(x.tensor, perturbed);
      const lossUp = await objective();
      perturbed[j] = original[j]! - eps;
      const down = perturbed[j]!;
      graph.backend.write(x.tensor, perturbed);
      numeric[j] = (lossUp - (await objective())) / (up - down);
    }
    graph.backend.write(x.tensor, original);
    const got = analytic.grads[slot]!;
    for (let j = 0; j < numeric.length; j++) {
      const allowed = atol + rtol * Math.abs(numeric[j]!);
      if (!(Math.abs(got[j]! - numeric[j]!) <= allowed)) {
        assert.unreachable(`${what}: d/dx${index}[${j}] autograd ${got[j]} vs finite difference ${numeric[j]}`);
      }
    }
  }
}
