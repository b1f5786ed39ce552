// Model diagrams: the graph a model becomes (one node per layer with its kind, shape and weights,
// one edge per value read, residual bodies as clusters), its dagre layout, and the SVG and Mermaid
// texts drawn from it, on a stack, on resnet_blocks.dl (blocks, repeat, residual) and on a model
// with `as`/`from`, `concat` and `add`.
import { readFileSync } from "node:fs";
import { test } from "uvu";
import * as assert from "uvu/assert";
import type { CheckedModel } from "../../../interpreter/check/checked.ts";
import { forEachLayer } from "../../../interpreter/check/walk.ts";
import { layoutGraph } from "../../../interpreter/diagram/layout.ts";
import { diagramMermaid } from "../../../interpreter/diagram/mermaid.ts";
import { modelGraph } from "../../../interpreter/diagram/model-graph.ts";
import { diagramSvg } from "../../../interpreter/diagram/svg.ts";
import { countParams } from "../../../interpreter/summary.ts";
import { formatBatchShape } from "../../../stdlib/layers/layer-spec.ts";
import { compile } from "../runtime/helpers.ts";

function onlyModel(source: string): CheckedModel {
  const models = [...compile(source).checked.models.values()];
  assert.is(models.length, 1);
  return models[0]!;
}

const mlp = onlyModel(readFileSync("examples/mnist_mlp.dl", "utf8"));
const resnet = onlyModel(readFileSync("examples/resnet_blocks.dl", "utf8"));
const towers = onlyModel(readFileSync("test/fixtures/dl/towers.dl", "utf8"));

function layers(model: CheckedModel) {
  const found: Parameters<Parameters<typeof forEachLayer>[1]>[0][] = [];
  forEachLayer(model.nodes, (layer) => found.push(layer));
  return found;
}

test("a stack: the input and one node per layer, each reading the one before", () => {
  const graph = modelGraph(mlp);
  assert.is(graph.nodes.length, 1 + layers(mlp).length);
  assert.equal(
    graph.edges.map((e) => [e.from, e.to]),
    graph.nodes.slice(1).map((node, i) => [graph.nodes[i]!.id, node.id]),
  );
  assert.equal(graph.clusters, []);
  assert.equal(
    graph.nodes.map((n) => [n.kind, n.shape]),
    [
      ["InputLayer", formatBatchShape(mlp.inputShape)],
      ...layers(mlp).map((l) => [`Dense, ${String(l.config["activation"])}`, formatBatchShape(l.outputShape)]),
    ],
  );
  // Dense: inputs × units + units.
  assert.equal(
    graph.nodes.slice(1).map((n) => n.params),
    layers(mlp).map((l) => l.inputShape.at(-1)! * l.outputShape.at(-1)! + l.outputShape.at(-1)!),
  );
});

test("resnet_blocks.dl: blocks and repeat expanded, each residual a cluster with a skip into its join", () => {
  const graph = modelGraph(resnet);
  const expanded = layers(resnet);
  const residuals = resnet.nodes.filter((n) => n.type === "residual");
  assert.is(residuals.length, 2, "repeat 2 { residual … } makes two blocks");
  // The input, every layer, and one join per residual block.
  assert.is(graph.nodes.length, 1 + expanded.length + residuals.length);
  // Every node but the input reads one value; each join reads two (the body and the skip).
  assert.is(graph.edges.length, expanded.length + 2 * residuals.length);
  assert.is(graph.edges.filter((e) => e.skip).length, residuals.length);
  assert.equal(
    graph.clusters.map((c) => c.id),
    residuals.map((r) => `cluster_${r.name}`),
  );
  // Each body holds conv_bn's three layers plus a conv2d and a batchnorm.
  for (const cluster of graph.clusters) assert.is(graph.nodes.filter((n) => n.cluster === cluster.id).length, 5);
  assert.is(
    graph.nodes.reduce((sum, n) => sum + n.params, 0),
    countParams(resnet.nodes).total,
  );
  const byName = new Map(graph.nodes.map((n) => [n.name, n]));
  assert.equal(byName.get("conv2d_1")!.kind, "Conv2D");
  assert.equal(byName.get("conv2d_1")!.shape, "(None, 28, 28, 32)");
  // 3 × 3 × 32 × 32 weights + 32 biases.
  assert.is(byName.get("conv2d_1")!.params, 3 * 3 * 32 * 32 + 32);
  assert.is(byName.get("dense")!.shape, "(None, 10)");
  // A skip leaves the node before the block and enters the block's join.
  for (const skip of graph.edges.filter((e) => e.skip)) {
    const join = graph.nodes.find((n) => n.id === skip.to)!;
    assert.is(join.kind, "Add");
    assert.not.ok(graph.nodes.find((n) => n.id === skip.from)!.cluster);
  }
});

test("as/from, concat and add: edges follow the names, a merge reads each of its inputs", () => {
  const graph = modelGraph(towers);
  const id = (name: string) => graph.nodes.find((n) => n.name === name || n.name.endsWith(` as ${name}`))!.id;
  const edges = new Set(graph.edges.map((e) => `${e.from}->${e.to}`));
  for (const [from, to] of [
    ["x", "a"],
    ["x", "b"],
    ["a", "joined"],
    ["b", "joined"],
    ["joined", "c"],
    ["c", "add"],
    ["a", "add"],
  ])
    assert.ok(edges.has(`${id(from!)}->${id(to!)}`), `${from} → ${to}`);
  assert.is(graph.edges.length, 8);
  const joined = graph.nodes.find((n) => n.id === id("joined"))!;
  assert.equal([joined.kind, joined.shape, joined.params], ["Concatenate", "(None, 14)", 0]);
});

test("layout: every node gets its own box inside the drawing, every edge a route from box to box", () => {
  for (const model of [mlp, resnet, towers]) {
    const laid = layoutGraph(modelGraph(model));
    for (const node of laid.nodes) {
      assert.ok(node.x - node.width / 2 >= 0 && node.x + node.width / 2 <= laid.width, `${node.name} inside`);
      assert.ok(node.y - node.height / 2 >= 0 && node.y + node.height / 2 <= laid.height, `${node.name} inside`);
    }
    for (const [i, a] of laid.nodes.entries()) {
      for (const b of laid.nodes.slice(i + 1)) {
        const apart = Math.abs(a.x - b.x) * 2 >= a.width + b.width || Math.abs(a.y - b.y) * 2 >= a.height + b.height;
        assert.ok(apart, `${a.name} and ${b.name} overlap`);
      }
    }
    for (const edge of laid.edges) assert.ok(edge.points.length >= 2);
  }
});

test("SVG: one node group per graph node with its kind, shape and parameters; one path per edge", () => {
  for (const model of [mlp, resnet, towers]) {
    const graph = modelGraph(model);
    const svg = diagramSvg(model);
    assert.match(svg, /^<svg xmlns="http:\/\/www.w3.org\/2000\/svg"/);
    const nodes = [...svg.matchAll(/<g class="node" data-name="([^"]*)" data-kind="([^"]*)" data-shape="([^"]*)" data-params="(\d+)">/g)];
    assert.equal(
      nodes.map((m) => [m[2], m[3], Number(m[4])]),
      graph.nodes.map((n) => [n.kind, n.shape, n.params]),
    );
    assert.is([...svg.matchAll(/<path class="edge/g)].length, graph.edges.length);
    assert.is([...svg.matchAll(/<g class="cluster">/g)].length, graph.clusters.length);
  }
});

test("Mermaid: a flowchart with every node, every edge (skips dotted) and a subgraph per residual body", () => {
  const text = diagramMermaid(resnet);
  const graph = modelGraph(resnet);
  assert.match(text, /^flowchart TD\n/);
  assert.is([...text.matchAll(/^\s+n\d+\["/gm)].length, graph.nodes.length);
  assert.is([...text.matchAll(/ --> /g)].length, graph.edges.filter((e) => !e.skip).length);
  assert.is([...text.matchAll(/ -\.->\|skip\| /g)].length, graph.edges.filter((e) => e.skip).length);
  assert.is([...text.matchAll(/^\s*subgraph /gm)].length, 2);
  assert.is([...text.matchAll(/^\s*end$/gm)].length, 2);
  assert.match(text, /n\d+\["<b>conv2d_1<\/b><br\/>Conv2D<br\/>\(None, 28, 28, 32\)<br\/>9,248 params"\]/);
});

test.run();
