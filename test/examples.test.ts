// Every example is a finished program: it parses and checks cleanly, its AST matches the
// schema, and it is already in the formatter's canonical form.
import { readdirSync, readFileSync } from "node:fs";
import { test } from "uvu";
import * as assert from "uvu/assert";
import { renderDiagnostics } from "../diagnostics/render.ts";
import { formatDl } from "../grammar/format/format.ts";
import { parse } from "../grammar/parse.ts";
import { validateAst } from "../grammar/validate-ast.ts";
import { check } from "../interpreter/check/check.ts";

const files = readdirSync("examples")
  .filter((f) => f.endsWith(".dl"))
  .sort();

test("the examples are all there", () => {
  assert.equal(files, [
    "forecast.dl",
    "iris.dl",
    "mnist_cnn.dl",
    "mnist_mlp.dl",
    "residual_mlp.dl",
    "resnet_blocks.dl",
    "spirals.dl",
    "xor.dl",
  ]);
});

for (const file of files) {
  const path = `examples/${file}`;
  const source = readFileSync(path, "utf8");

  test(`${file}: parses and checks with no diagnostics, trains and evaluates something`, () => {
    const parsed = parse(source);
    assert.is(renderDiagnostics(parsed.diagnostics, path, source), "");
    const checked = check(parsed.program);
    assert.is(renderDiagnostics(checked.diagnostics, path, source), "");
    assert.ok(checked.program.models.size >= 1);
    assert.ok(checked.program.data.size >= 1);
    const steps = checked.program.workflow.map((s) => s.type);
    assert.ok(steps.includes("train") && steps.includes("evaluate"), steps.join(", "));
  });

  test(`${file}: its AST validates against the schema (also after a JSON round trip)`, () => {
    const { program } = parse(source);
    assert.equal(validateAst(program), []);
    assert.equal(validateAst(JSON.parse(JSON.stringify(program))), []);
  });

  test(`${file}: formats to itself`, async () => {
    assert.is(await formatDl(source), source);
  });
}

test.run();
