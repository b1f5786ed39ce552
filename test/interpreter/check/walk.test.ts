// walkModel: the visit order and what each layer and residual join reads, with names flowing
// between nodes the way an exporter would use it.
import { test } from "uvu";
import * as assert from "uvu/assert";
import { parse } from "../../../grammar/parse.ts";
import { check } from "../../../interpreter/check/check.ts";
import { forEachLayer, walkModel } from "../../../interpreter/check/walk.ts";

const source = `model m {
  input 8 as x
  layer dense 8 relu as a
  residual {
    layer dense 8 relu as inner
    layer dense 8
  }
  layer dense 6 tanh from x as b
  layer concat a b as joined
  layer dense 8 from joined as c
  layer add c inner
  layer dense 3 softmax
}
`;

const checked = check(parse(source).program);
const model = checked.program.models.get("m")!;

test("the model checks; the residual's output is never read (b reads x), so its last layer is dead", () => {
  assert.equal(
    checked.diagnostics.map((d) => `${d.severity} ${d.code} ${d.span.start.line}:${d.span.start.column} ${d.message}`),
    ["warning DL203 6:5 the output of `dense_2` never reaches the output of model `m`"],
  );
});

test("layers and residual joins in source order, each with the outputs it reads", () => {
  const visits: string[] = [];
  const output = walkModel(model, "input", {
    layer(layer, inputs) {
      visits.push(`${layer.name} <- ${inputs.join(", ")}`);
      return layer.name;
    },
    residual(block, body, skip) {
      visits.push(`${block.name} = ${body} + ${skip}`);
      return block.name;
    },
  });
  assert.equal(visits, [
    "dense <- input",
    "dense_1 <- dense",
    "dense_2 <- dense_1",
    "residual = dense_2 + dense",
    "dense_3 <- input",
    "concat <- dense, dense_3",
    "dense_4 <- concat",
    "add <- dense_4, dense_1",
    "dense_5 <- add",
  ]);
  assert.is(output, "dense_5");
});

test("forEachLayer: the same layers in the same order, residual bodies included", () => {
  const names: string[] = [];
  forEachLayer(model.nodes, (layer) => names.push(layer.name));
  assert.equal(names, ["dense", "dense_1", "dense_2", "dense_3", "concat", "dense_4", "add", "dense_5"]);
});

test.run();
