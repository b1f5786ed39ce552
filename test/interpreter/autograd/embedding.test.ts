// The embedding kernels and op: the conformance case through the op and the layer, a
// finite-difference check of dL/dembeddings, scatter-adds for repeated indices, `accumulate`,
// and a clear error for an index outside [0, input_dim).
import { test } from "uvu";
import * as assert from "uvu/assert";
import { Graph } from "../../../interpreter/autograd/graph.ts";
import * as ops from "../../../interpreter/autograd/ops/index.ts";
import { CpuBackend } from "../../../interpreter/backends/cpu/cpu-backend.ts";
import { embedding as embeddingLayer } from "../../../stdlib/layers/embedding.ts";
import type { Config } from "../../../stdlib/layers/layer-spec.ts";
import { assertClose, loadCase } from "../../helpers/conformance.ts";
import { evaluate, gradcheck, randomData, type Build } from "./harness.ts";

const ref = loadCase("embedding");

for (const via of ["op", "layer"] as const) {
  test(`conformance embedding through the ${via}: y and grad_embeddings (repeated indices add up)`, async () => {
    const build: Build = (g, [x, embeddings]) =>
      via === "op"
        ? ops.embedding(g, x!, embeddings!)
        : embeddingLayer.forward!({ graph: g, param: () => embeddings! }, x!, ref.config as Config);
    const { y, grads } = await evaluate(build, [ref.inputs.x, ref.params.embeddings!], ref.upstream!.data, [1]);
    assertClose(y, ref.expected.y.data, "embedding y");
    assertClose(grads[0]!, ref.expected.grad_embeddings.data, "embedding grad_embeddings");
  });
}

test("embedding: output [..., output_dim]; the gradient of the embeddings matches finite differences", async () => {
  const indices = { shape: [2, 2, 3], data: [0, 4, 4, 1, 2, 0, 3, 3, 3, 4, 0, 1] };
  const build: Build = (g, [x, embeddings]) => {
    const y = ops.embedding(g, x!, embeddings!);
    assert.equal(y.shape, [2, 2, 3, 2]);
    return y;
  };
  await gradcheck("embedding", build, [indices, randomData([5, 2], 3)], { wrt: [1] });
});

test("embedding: the indices get no gradient even when they ask for one", async () => {
  const { grads } = await evaluate(
    (g, [x, embeddings]) => ops.embedding(g, x!, embeddings!),
    [{ shape: [3], data: [1, 0, 1] }, randomData([2, 2], 4)],
  );
  assert.equal(grads[0], new Float32Array(3));
  assertClose(grads[1]!, [1, 1, 2, 2], "row 1 used twice gets twice the gradient");
});

test("embedding_grad honours accumulate (an embedding table shared by two lookups)", async () => {
  const build: Build = (g, [a, b, embeddings]) => ops.add(g, ops.embedding(g, a!, embeddings!), ops.embedding(g, b!, embeddings!));
  await gradcheck("two lookups", build, [{ shape: [4], data: [0, 1, 2, 1] }, { shape: [4], data: [2, 2, 0, 3] }, randomData([4, 3], 5)], {
    wrt: [2],
  });
});

for (const [bad, position] of [
  [7, 2],
  [-1, 0],
  [1.5, 1],
] as const) {
  test(`an index of ${bad} throws an Error naming it, its position and the allowed range`, () => {
    const g = new Graph(new CpuBackend());
    const x = g.input([3]);
    const y = ops.embedding(g, x, g.param([7, 2], "embeddings"));
    const indices = [0, 1, 2];
    indices[position] = bad;
    g.backend.write(x.tensor, indices);
    assert.throws(
      () => g.compile(y).forward(),
      (e: unknown) =>
        e instanceof Error &&
        e.message === `embedding: index ${bad} at position ${position} of the input is not an integer in [0, 7) (0 to 6)`,
    );
  });
}

test("embedding refuses a table that is not [input_dim, output_dim]", () => {
  const g = new Graph(new CpuBackend());
  assert.throws(() => ops.embedding(g, g.input([3]), g.param([7], "embeddings")), /embeddings \[7\] should be \[input_dim, output_dim\]/);
});

test.run();
