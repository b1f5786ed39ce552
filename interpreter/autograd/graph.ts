// A computation graph built once from shapes, micrograd-style but on tensors. Every value
// owns a backend tensor allocated when the graph is built; each op records the kernel calls
// of its forward pass right away and a rule that records its backward calls when the graph
// is compiled (plan.ts). Training steps then replay those calls into the same buffers, so a
// step allocates nothing.
import type { Backend, Shape, Tensor } from "../backends/backend.ts";
import type { GradientKernelName, KernelAttrsOf, KernelName } from "../backends/kernel-names.ts";
import { Random } from "./random.ts";
import { compile, type CompileOptions, type Plan } from "./plan.ts";
import { kernelStep, type Step } from "./step.ts";

export type ValueKind = "input" | "param" | "op";

export interface Value {
  /** Creation order; inputs of an op always have smaller ids (a topological order). */
  readonly id: number;
  readonly name: string;
  readonly kind: ValueKind;
  readonly shape: Shape;
  readonly tensor: Tensor;
  /** Whether dL/dvalue is wanted: params, opted-in inputs, and anything computed from them. */
  readonly requiresGrad: boolean;
  readonly node: Node | null;
}

/** Records kernel calls (or host code) to replay each step. */
export interface Emitter {
  run<K extends KernelName>(kernel: K, inputs: readonly Tensor[], outputs: readonly Tensor[], attrs?: KernelAttrsOf<K>): void;
  host(step: Step): void;
}

/** Records backward kernel calls. */
export interface GradEmitter extends Emitter {
  /**
   * Runs `kernel(inputs, attrs)` writing dL/d`target`, or records nothing when `target`
   * needs no gradient. The kernel must honour the `accumulate` attribute: it is set when an
   * earlier call already wrote part of that gradient (a value used twice).
   */
  gradTo<K extends GradientKernelName>(target: Value, kernel: K, inputs: readonly Tensor[], attrs?: KernelAttrsOf<K>): void;
}

export interface OpSpec {
  readonly name: string;
  readonly inputs: readonly Value[];
  readonly shape: Shape;
  /** Records the forward kernel calls writing `out`; called once, now. */
  forward(k: Emitter, out: Tensor): void;
  /** Records the backward calls given dL/dout; called once per compile. Omit if not differentiable. */
  backward?(k: GradEmitter, out: Tensor, dOut: Tensor): void;
}

export interface Node {
  readonly spec: OpSpec;
  readonly steps: readonly Step[];
}

export interface GraphOptions {
  /** Seeds `random` (dropout masks). */
  readonly seed?: number;
}

export class Graph {
  /** Read by ops at run time (dropout): true while training, false for evaluation/prediction. */
  training = true;
  readonly random: Random;
  private readonly values: Value[] = [];

  constructor(
    readonly backend: Backend,
    options: GraphOptions = {},
  ) {
    this.random = new Random(options.seed ?? 0);
  }

  /** Data fed each step with `backend.write(value.tensor, data)`. */
  input(shape: Shape, name = "input", options: { requiresGrad?: boolean } = {}): Value {
    return this.add({ name, kind: "input", shape, requiresGrad: options.requiresGrad ?? false, node: null });
  }

  /** A trainable tensor, optionally initialised; optimizers update `value.tensor` in place. */
  param(shape: Shape, name: string, init?: ArrayLike<number>): Value {
    const value = this.add({ name, kind: "param", shape, requiresGrad: true, node: null });
    if (init) this.backend.write(value.tensor, init);
    return value;
  }

  /**
   * A trainable tensor that lives outside this graph: the graphs built for different batch
   * sizes of one model share their weights this way.
   */
  sharedParam(tensor: Tensor, name: string): Value {
    const value: Value = { name, kind: "param", shape: [...tensor.shape], requiresGrad: true, node: null, id: this.values.length, tensor };
    this.values.push(value);
    return value;
  }

  /**
   * A tensor that lives outside this graph and is not trained (batchnorm's moving statistics):
   * ops read it, and may update it in place while training, but no gradient flows to it.
   */
  sharedState(tensor: Tensor, name: string): Value {
    const value: Value = { name, kind: "input", shape: [...tensor.shape], requiresGrad: false, node: null, id: this.values.length, tensor };
    this.values.push(value);
    return value;
  }

  /** A buffer owned by the graph, e.g. an op's saved mask. */
  alloc(shape: Shape): Tensor {
    return this.backend.alloc(shape);
  }

  /** Adds an op: allocates its output and records its forward kernel calls. */
  op(spec: OpSpec): Value {
    const steps: Step[] = [];
    const value = this.add({
      name: spec.name,
      kind: "op",
      shape: spec.shape,
      requiresGrad: spec.backward !== undefined && spec.inputs.some((input) => input.requiresGrad),
      node: { spec, steps },
    });
    spec.forward(
      {
        run: (kernel, inputs, outputs, attrs) => steps.push(kernelStep(this.backend, kernel, inputs, outputs, attrs)),
        host: (step) => steps.push(step),
      },
      value.tensor,
    );
    return value;
  }

  params(): Value[] {
    return this.values.filter((value) => value.kind === "param");
  }

  /** Plans the forward (and, when `target` needs gradients, backward) pass computing `target`. */
  compile(target: Value, options: CompileOptions = {}): Plan {
    return compile(this, target, options);
  }

  private add(fields: Omit<Value, "id" | "tensor">): Value {
    const value: Value = {
      ...fields,
      shape: [...fields.shape],
      id: this.values.length,
      tensor: this.backend.alloc(fields.shape),
    };
    this.values.push(value);
    return value;
  }
}
