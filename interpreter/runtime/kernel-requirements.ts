// Which backend kernels a model needs, worked out without data: each layer is built alone
// into a tiny graph on a backend that only records kernel names, planned, and run forward
// (training and inference mode) and backward; the loss and the optimizer step likewise. The
// runner compares the result with `backend.kernels` before it trains or evaluates anything.
import { Graph, type Value } from "../autograd/graph.ts";
import * as ops from "../autograd/ops/index.ts";
import { sizeOf, type Backend, type Shape, type Tensor } from "../backends/backend.ts";
import type { KernelName } from "../backends/kernel-names.ts";
import type { CheckedModel, CheckedNode } from "../check/checked.ts";
import { walkModel } from "../check/walk.ts";
import { loss as lossEntry } from "../../stdlib/losses/index.ts";
import { createOptimizer } from "../../stdlib/optimizers/index.ts";
import { createRegularizer } from "../../stdlib/regularizers/index.ts";
import type { WeightSpec } from "../../stdlib/layers/layer-spec.ts";
import type { Config } from "../../stdlib/spec.ts";
import { addLayer, sumPenalties, type LossChoice } from "./model-runtime.ts";

/** The kernels one part of a training run needs. */
export interface Requirement {
  part: { type: "node"; node: CheckedNode } | { type: "loss"; name: string } | { type: "optimizer"; name: string };
  /** For evaluation and prediction (forward-only executors). */
  forward: ReadonlySet<KernelName>;
  /** For training: `forward`, plus the backward pass, the gradient penalties and the update. */
  training: ReadonlySet<KernelName>;
}

/** Small, so that recording allocates little; any batch size plans the same kernels. */
const BATCH = 2;

/** What flows between layers while recording: the shape (no batch axis) and whether it carries gradients. */
interface Flow {
  shape: Shape;
  requiresGrad: boolean;
}

/**
 * The kernels of every layer and residual block in model order, then of the loss, then (when
 * given, i.e. for training) of the optimizer.
 */
export function kernelRequirements(model: CheckedModel, loss: LossChoice, optimizer?: { name: string; config: Config }): Requirement[] {
  const requirements: Requirement[] = [];
  const output = walkModel<Flow>(
    model,
    { shape: model.inputShape, requiresGrad: false },
    {
      layer: (layer, inputs) => record(layer, inputs, requirements, (graph, values, param) => addLayer({ graph, param }, layer, values)),
      residual: (block, body, skip) => record(block, [body, skip], requirements, (graph, [b, s]) => ops.add(graph, b!, s!)),
    },
  );
  requirements.push({ part: { type: "loss", name: loss.name }, ...recordLoss(output, model.outputShape, loss) });
  if (optimizer) {
    const kernels = new Set(createOptimizer(new KernelRecorder(), optimizer.name, optimizer.config, []).kernels);
    requirements.push({ part: { type: "optimizer", name: optimizer.name }, forward: new Set(), training: kernels });
  }
  return requirements;
}

/** The kernels each requirement needs that `backend` lacks, for those that lack any. */
export function missingKernels(
  requirements: readonly Requirement[],
  backend: Backend,
  purpose: "forward" | "training",
): { requirement: Requirement; missing: KernelName[] }[] {
  return requirements.flatMap((requirement) => {
    const missing = [...requirement[purpose]].filter((kernel) => !backend.kernels.has(kernel));
    return missing.length ? [{ requirement, missing }] : [];
  });
}

/** Builds one node alone, forward-only and for training, and adds its requirement; returns its output flow. */
function record(node: CheckedNode, inputs: readonly Flow[], into: Requirement[], build: Build): Flow {
  const params = node.type === "layer" ? node.params : [];
  const forward = recordGraph(inputs, params, false, build);
  const training = recordGraph(inputs, params, true, build);
  into.push({ part: { type: "node", node }, forward: forward.kernels, training: new Set([...forward.kernels, ...training.kernels]) });
  return { shape: node.outputShape, requiresGrad: training.result };
}

function recordLoss(output: Flow, outputShape: Shape, choice: LossChoice): Omit<Requirement, "part"> {
  const yTrue: Flow = { shape: choice.name.startsWith("sparse_") ? [] : outputShape, requiresGrad: false };
  const build: Build = (graph, [yPred, y]) =>
    lossEntry(choice.name).apply(graph, yPred!, y!, choice.config as Record<string, number | boolean>);
  const forward = recordGraph([output, yTrue], [], false, build, { isLoss: true });
  const training = recordGraph([output, yTrue], [], true, build, { isLoss: true });
  return { forward: forward.kernels, training: new Set([...forward.kernels, ...training.kernels]) };
}

type Build = (graph: Graph, inputs: Value[], param: (name: string) => Value) => Value;

/**
 * Records the kernels of a graph built the way ModelRuntime.executor builds one: forward-only
 * (weights as plain state) or with gradients; returns whether the output carries gradients.
 * Kernel steps are checked against the backend as they are planned, so planning counts too.
 */
function recordGraph(
  inputs: readonly Flow[],
  params: readonly WeightSpec[],
  gradients: boolean,
  build: Build,
  options: { isLoss?: boolean } = {},
) {
  const recorder = new KernelRecorder();
  const graph = new Graph(recorder);
  return recorder.capture(() => {
    const weights = new Map(
      params.map((p) => [
        p.name,
        gradients && p.trainable ? graph.sharedParam(recorder.alloc(p.shape), p.name) : graph.sharedState(recorder.alloc(p.shape), p.name),
      ]),
    );
    const param = (name: string): Value => {
      const value = weights.get(name);
      if (!value) throw new Error(`no weight "${name}"`);
      return value;
    };
    const values = inputs.map((flow, i) =>
      graph.input([BATCH, ...flow.shape], `input_${i}`, { requiresGrad: gradients && flow.requiresGrad }),
    );
    const output = build(graph, values, param);
    // Only the loss is a graph's target, whose gradient is seeded with ones (a `fill`).
    const plan = graph.compile(output, options.isLoss ? {} : { seed: recorder.alloc(output.shape) });
    plan.forward();
    graph.training = false;
    plan.forward();
    graph.training = true;
    if (output.requiresGrad) plan.backward();
    // Regularized weights add a penalty to every reported loss, and its gradient while training.
    const regularized = params
      .filter((p) => p.regularizer)
      .map((p) => ({ regularizer: createRegularizer("l1_l2", p.regularizer!), tensor: weights.get(p.name)!.tensor }));
    if (regularized.length) sumPenalties(recorder, regularized, recorder.alloc([1]));
    if (gradients)
      for (const { regularizer, tensor } of regularized) regularizer.addGradient(recorder, tensor, recorder.alloc(tensor.shape));
    return output.requiresGrad;
  });
}

/** Answers yes to every kernel name it is asked about, and reports the name. */
class AnyKernel extends Set<KernelName> {
  constructor(private readonly asked: (kernel: KernelName) => void) {
    super();
  }

  override has(kernel: KernelName): boolean {
    this.asked(kernel);
    return true;
  }
}

/** A backend that implements every kernel by writing down its name; tensors hold no data. */
class KernelRecorder implements Backend {
  readonly name = "kernel-recorder";
  readonly kernels: ReadonlySet<KernelName> = new AnyKernel((kernel) => this.seen.add(kernel));
  private seen = new Set<KernelName>();
  private nextId = 1;

  describe(): string {
    return "records kernel names";
  }

  /** Runs `body` and returns what it returned with the kernels it asked for or ran. */
  capture<T>(body: () => T): { result: T; kernels: Set<KernelName> } {
    this.seen = new Set();
    const result = body();
    return { result, kernels: this.seen };
  }

  alloc(shape: Shape): Tensor {
    return { id: this.nextId++, shape: [...shape], size: sizeOf(shape) };
  }

  write(): void {}

  async read(tensor: Tensor): Promise<Float32Array> {
    return new Float32Array(tensor.size);
  }

  dispose(): void {}

  run(kernel: KernelName): void {
    this.seen.add(kernel);
  }
}
