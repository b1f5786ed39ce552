// A compiled graph: the forward steps of every op the target depends on, in creation order,
// and the backward steps of those that lead to a gradient, in reverse. Gradient buffers are
// allocated here, once; the first backward call writing a buffer overwrites it and later
// ones accumulate, so no per-step zeroing is needed.
import type { Tensor } from "../backends/backend.ts";
import type { Graph, GradEmitter, Value } from "./graph.ts";
import { kernelStep, type Step } from "./step.ts";

export interface CompileOptions {
  /** dL/dtarget; defaults to ones (a scalar loss gets gradient 1). Read, never written. */
  readonly seed?: Tensor;
}

export interface ParamGrad {
  readonly param: Value;
  readonly grad: Tensor;
}

export interface Plan {
  readonly target: Value;
  /** Recomputes every value the target depends on from the current inputs and params. */
  forward(): void;
  /** Writes dL/dvalue for every value that needs it; call after `forward`. */
  backward(): void;
  /** The gradient buffer of `value`; throws if it has none. */
  grad(value: Value): Tensor;
  /** Every param of the graph with its gradient (zero for params the target does not use). */
  readonly paramGrads: readonly ParamGrad[];
}

function dependencies(target: Value): Value[] {
  const seen = new Map<number, Value>();
  const stack = [target];
  while (stack.length > 0) {
    const value = stack.pop()!;
    if (seen.has(value.id)) continue;
    seen.set(value.id, value);
    for (const input of value.node?.spec.inputs ?? []) stack.push(input);
  }
  return [...seen.values()].sort((a, b) => a.id - b.id);
}

function runAll(steps: readonly Step[]): void {
  for (let i = 0; i < steps.length; i++) steps[i]!();
}

export function compile(graph: Graph, target: Value, options: CompileOptions): Plan {
  const { backend } = graph;
  const values = dependencies(target);
  const forwardSteps = values.flatMap((value) => value.node?.steps ?? []);
  const grads = new Map<Value, Tensor>();
  const backwardSteps: Step[] = [];

  if (target.requiresGrad) {
    let seed = options.seed;
    if (!seed) {
      seed = backend.alloc(target.shape);
      backend.run("fill", [], [seed], { value: 1 });
    }
    for (const value of values) if (value.requiresGrad && value !== target) grads.set(value, backend.alloc(value.shape));
    grads.set(target, seed);

    const written = new Set<Value>();
    const emitter: GradEmitter = {
      run: (kernel, inputs, outputs, attrs) => backwardSteps.push(kernelStep(backend, kernel, inputs, outputs, attrs)),
      host: (step) => backwardSteps.push(step),
      gradTo: (to, kernel, inputs, attrs) => {
        const grad = grads.get(to);
        if (!grad) return;
        backwardSteps.push(kernelStep(backend, kernel, inputs, [grad], { ...attrs, accumulate: written.has(to) }));
        written.add(to);
      },
    };
    for (const value of [...values].reverse()) {
      if (value.requiresGrad && value.node?.spec.backward) value.node.spec.backward(emitter, value.tensor, grads.get(value)!);
    }
  }

  const paramGrads = graph.params().map((param) => ({ param, grad: grads.get(param) ?? backend.alloc(param.shape) }));
  return {
    target,
    forward: () => runAll(forwardSteps),
    backward: () => {
      if (!target.requiresGrad) throw new Error(`${target.name} does not depend on anything trainable`);
      runAll(backwardSteps);
    },
    grad: (value) => {
      const grad = grads.get(value);
      if (!grad) throw new Error(`${value.name} has no gradient in this plan`);
      return grad;
    },
    paramGrads,
  };
}
