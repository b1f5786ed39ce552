// The kernels worked out per layer, loss and optimizer, checked by name and against what the
// CPU backend is really asked for while a model trains and evaluates.
import { test } from "uvu";
import * as assert from "uvu/assert";
import type { Backend } from "../../../interpreter/backends/backend.ts";
import { CpuBackend } from "../../../interpreter/backends/cpu/cpu-backend.ts";
import type { CheckedTrain } from "../../../interpreter/check/checked.ts";
import { fitToInput, prepareData } from "../../../interpreter/runtime/data.ts";
import { evaluate } from "../../../interpreter/runtime/evaluate.ts";
import { fit } from "../../../interpreter/runtime/fit.ts";
import { kernelRequirements, missingKernels, type Requirement } from "../../../interpreter/runtime/kernel-requirements.ts";
import { ModelRuntime } from "../../../interpreter/runtime/model-runtime.ts";
import { compile } from "./helpers.ts";

const cnn = `model net {
  input 2
  layer reshape 2 1 1
  layer conv2d 2 relu kernel=1
  layer conv2d 2 kernel=1 l2=0.01
  layer dropout 0.5
  layer flatten
  layer dense 3 softmax
}

data d {
  source spirals points=10 classes=3
}

train net on d {
  optimizer adam clipnorm=1.0 weight_decay=0.01
  loss sparse_categorical_crossentropy
  epochs 1
  batch 4
}
`;

function requirementsOf(source: string): { requirements: Requirement[]; train: CheckedTrain } {
  const { checked } = compile(source);
  const train = (checked.workflow[0] as { train: CheckedTrain }).train;
  return { requirements: kernelRequirements(checked.models.get(train.model)!, train.loss, train.optimizer), train };
}

const byPart = (requirements: Requirement[]) =>
  new Map(
    requirements.map((r) => [
      r.part.type === "node" ? r.part.node.name : r.part.type,
      { forward: [...r.forward].sort(), training: [...r.training].sort() },
    ]),
  );

test("each layer, the loss and the optimizer with its options: forward and training kernels", () => {
  const parts = byPart(requirementsOf(cnn).requirements);
  assert.equal([...parts.keys()], ["reshape", "conv2d", "conv2d_1", "dropout", "flatten", "dense", "loss", "optimizer"]);
  // Nothing before the first conv2d is trained, so it needs no gradient kernel for its input; the second does.
  assert.equal(parts.get("conv2d"), {
    forward: ["add", "conv2d", "relu"],
    training: ["add", "bias_grad", "conv2d", "conv2d_grad_filter", "relu", "relu_grad"],
  });
  assert.equal(parts.get("conv2d_1")!.training, [
    "add",
    "bias_grad",
    "conv2d",
    "conv2d_grad_filter",
    "conv2d_grad_input",
    "fill",
    "regularizer_gradient",
    "regularizer_penalty",
  ]);
  // Its l2 penalty is part of every reported loss, evaluation included.
  assert.equal(parts.get("conv2d_1")!.forward, ["add", "conv2d", "fill", "regularizer_penalty"]);
  assert.equal(parts.get("dropout"), { forward: ["mul"], training: ["mul"] });
  assert.equal(parts.get("loss"), { forward: ["sparse_cce"], training: ["fill", "sparse_cce", "sparse_cce_grad"] });
  assert.equal(parts.get("optimizer"), { forward: [], training: ["adam_update", "clip_by_norm", "sum_of_squares", "weight_decay_update"] });
});

test("recurrent layers need their own kernels, the backward one only for training", () => {
  const { requirements } = requirementsOf(`model m {
  input 5 1
  layer lstm 4
  layer dense 1
}

data d {
  source sine points=30 window=5
}

train m on d {
  optimizer sgd
  loss mean_squared_error
}
`);
  const lstm = byPart(requirements).get("lstm")!;
  assert.equal(lstm.forward, ["lstm"]);
  assert.ok(lstm.training.includes("lstm_bptt"), lstm.training.join());
  const cpu = new CpuBackend();
  const noRecurrentBackward = Object.assign(Object.create(cpu) as CpuBackend, {
    kernels: new Set([...cpu.kernels].filter((k) => k !== "lstm_bptt")),
  });
  assert.equal(missingKernels(requirements, noRecurrentBackward, "forward"), []);
  assert.equal(
    missingKernels(requirements, noRecurrentBackward, "training").map((m) => [m.requirement.part.type, m.missing]),
    [["node", ["lstm_bptt"]]],
  );
});

/** A CPU backend that notes every kernel it is asked about or runs. */
function kernelLog(): { backend: Backend; used: Set<string> } {
  const cpu = new CpuBackend();
  const used = new Set<string>();
  const kernels = new (class extends Set<string> {
    override has(kernel: string): boolean {
      used.add(kernel);
      return super.has(kernel);
    }
  })(cpu.kernels);
  const run: Backend["run"] = (kernel, inputs, outputs, attrs) => {
    used.add(kernel);
    cpu.run(kernel, inputs, outputs, attrs);
  };
  return { backend: Object.assign(Object.create(cpu) as Backend, { kernels, run }), used };
}

test("the worked-out kernels are exactly those a real training run and evaluation use", async () => {
  const { requirements, train } = requirementsOf(cnn);
  const { checked } = compile(cnn);
  const model = checked.models.get("net")!;
  const data = fitToInput(prepareData(checked.data.get("d")!, "test.dl").splits, model.inputShape, "d");
  const training = kernelLog();
  await fit(new ModelRuntime(training.backend, model, train.loss, train.seed), data.train, undefined, train);
  const union = (purpose: "forward" | "training") => [...new Set(requirements.flatMap((r) => [...r[purpose]]))].sort();
  assert.equal(union("training"), [...training.used].sort());

  const evaluating = kernelLog();
  await evaluate(new ModelRuntime(evaluating.backend, model, train.loss, train.seed), data.train, { batch: 4, metrics: [] });
  assert.equal(union("forward"), [...evaluating.used].sort());
});

test.run();
