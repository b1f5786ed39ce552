// A checked model made runnable on a backend: its weights as backend tensors, and one
// planned graph per batch size (all sharing those weights). Building a graph allocates every
// buffer a step needs, so training steps allocate nothing.
import type { Graph, Value } from "../autograd/graph.ts";
import { Graph as AutogradGraph } from "../autograd/graph.ts";
import type { Plan } from "../autograd/plan.ts";
import type { Backend, Tensor } from "../backends/backend.ts";
import * as ops from "../autograd/ops/index.ts";
import { initialize } from "../../stdlib/initializers/index.ts";
import { loss as lossEntry } from "../../stdlib/losses/index.ts";
import type { LayerGraph, WeightSpec } from "../../stdlib/layers/layer-spec.ts";
import { Random, type RandomState } from "../autograd/random.ts";
import { createRegularizer, type Regularizer } from "../../stdlib/regularizers/index.ts";
import type { Config } from "../../stdlib/spec.ts";
import type { CheckedLayer, CheckedModel } from "../check/checked.ts";
import { forEachLayer, walkModel } from "../check/walk.ts";

export interface Weight {
  /** Keras-style `<layer>/<weight>`, e.g. dense_1/kernel. */
  name: string;
  spec: WeightSpec;
  tensor: Tensor;
}

export interface LossChoice {
  name: string;
  config: Config;
}

/** One planned graph for one batch size. */
export interface Executor {
  batch: number;
  graph: Graph;
  /** Features of a batch: [batch, ...input shape]. */
  x: Value;
  /** Labels: [batch] class indices for sparse losses, else [batch, ...output shape]. */
  y: Value;
  output: Value;
  /** Each layer's (and residual block's) output by name, for comparing backends layer by layer. */
  layerOutputs: ReadonlyMap<string, Value>;
  loss: Value;
  /** Forward computes output and loss; backward fills the gradients in weight order. */
  plan: Plan;
  /** False for a forward-only executor (evaluation, prediction), which has no backward pass. */
  gradients: boolean;
  /** Gradients aligned with `ModelRuntime.trainable`; empty without `gradients`. */
  grads: Tensor[];
}

export class ModelRuntime {
  readonly weights: Weight[] = [];
  readonly trainable: Weight[];
  private readonly executors = new Map<number, Executor>();
  /** Weights with an l1/l2 penalty, and a 1-element tensor their penalties are summed into. */
  private readonly regularized: { index: number; regularizer: Regularizer }[];
  private readonly penalty: Tensor;

  constructor(
    readonly backend: Backend,
    readonly model: CheckedModel,
    readonly loss: LossChoice,
    seed: number,
  ) {
    const rng = new Random(seed);
    forEachLayer(model.nodes, (layer) => {
      for (const spec of layer.params) {
        const tensor = backend.alloc(spec.shape);
        backend.write(tensor, initialize(spec.initializer, spec.shape, rng));
        this.weights.push({ name: `${layer.name}/${spec.name}`, spec, tensor });
      }
    });
    this.trainable = this.weights.filter((w) => w.spec.trainable);
    this.regularized = this.trainable.flatMap((w, index) =>
      w.spec.regularizer ? [{ index, regularizer: createRegularizer("l1_l2", w.spec.regularizer) }] : [],
    );
    this.penalty = backend.alloc([1]);
  }

  get hasPenalty(): boolean {
    return this.regularized.length > 0;
  }

  /** Adds the weight penalties' gradients to an executor's gradients (before the optimizer step). */
  addPenaltyGradients(executor: Executor): void {
    for (const { index, regularizer } of this.regularized)
      regularizer.addGradient(this.backend, this.trainable[index]!.tensor, executor.grads[index]!);
  }

  /** The summed weight penalty, which Keras adds to the reported loss. */
  async penaltyValue(): Promise<number> {
    if (!this.hasPenalty) return 0;
    sumPenalties(
      this.backend,
      this.regularized.map(({ index, regularizer }) => ({ regularizer, tensor: this.trainable[index]!.tensor })),
      this.penalty,
    );
    const [value] = await this.backend.read(this.penalty);
    return value!;
  }

  /** The dropout generators of each training executor, by batch size, for a checkpoint. */
  randomStates(): Record<string, RandomState> {
    const states: Record<string, RandomState> = {};
    for (const [batch, executor] of this.executors) if (executor.gradients) states[batch] = executor.graph.random.state();
    return states;
  }

  /** Builds the training executors a checkpoint had and continues their generators. */
  restoreRandomStates(states: Readonly<Record<string, RandomState>>, seed: number): void {
    for (const [batch, state] of Object.entries(states)) this.executor(Number(batch), seed, true).graph.random.restore(state);
  }

  /** Whether the labels are class indices (one number per example). */
  get sparseLabels(): boolean {
    return this.loss.name.startsWith("sparse_");
  }

  /**
   * The executor for `batch` examples. Without `gradients` the weights enter the graph as
   * plain state, so no backward pass is planned and a backend needs only the forward kernels.
   */
  executor(batch: number, seed: number, gradients = true): Executor {
    const cached = this.executors.get(batch);
    // One with gradients also serves forward passes; a forward-only one is replaced for training.
    if (cached && (cached.gradients || !gradients)) return cached;
    const graph = new AutogradGraph(this.backend, { seed: seed + batch });
    const byName = new Map(
      this.weights.map((w) => [
        w.name,
        gradients && w.spec.trainable ? graph.sharedParam(w.tensor, w.name) : graph.sharedState(w.tensor, w.name),
      ]),
    );
    const x = graph.input([batch, ...this.model.inputShape], "x");
    const layerOutputs = new Map<string, Value>();
    const output = walkModel(this.model, x, {
      layer(node, inputs) {
        const param = (name: string): Value => {
          const value = byName.get(`${node.name}/${name}`);
          if (!value) throw new Error(`${node.name} has no weight "${name}"`);
          return value;
        };
        const value = addLayer({ graph, param }, node, inputs);
        layerOutputs.set(node.name, value);
        return value;
      },
      residual(block, body, skip) {
        const value = ops.add(graph, body, skip);
        layerOutputs.set(block.name, value);
        return value;
      },
    });
    const y = graph.input(this.sparseLabels ? [batch] : [batch, ...this.model.outputShape], "y");
    const loss = lossEntry(this.loss.name).apply(graph, output, y, this.loss.config as Record<string, number | boolean>);
    const plan = graph.compile(loss);
    const gradByTensor = new Map(plan.paramGrads.map((pg) => [pg.param.tensor, pg.grad]));
    const grads = gradients ? this.trainable.map((w) => gradByTensor.get(w.tensor)!) : [];
    const executor = { batch, graph, x, y, output, layerOutputs, loss, plan, gradients, grads };
    this.executors.set(batch, executor);
    return executor;
  }
}

/** Adds one layer to a graph: a merge joins all its inputs, any other layer reads the first. */
export function addLayer(layer: LayerGraph, node: CheckedLayer, inputs: readonly Value[]): Value {
  return "merge" in node.spec ? node.spec.forward(layer, inputs, node.config) : node.spec.forward(layer, inputs[0]!, node.config);
}

/** total = the summed penalties of `weights` (one kernel call each, after zeroing `total`). */
export function sumPenalties(backend: Backend, weights: readonly { regularizer: Regularizer; tensor: Tensor }[], total: Tensor): void {
  backend.run("fill", [], [total], { value: 0 });
  for (const { regularizer, tensor } of weights) regularizer.addPenalty(backend, tensor, total);
}
