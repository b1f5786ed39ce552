import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { test } from "uvu";
import * as assert from "uvu/assert";
import { parse } from "../../grammar/parse.ts";
import { validateAst } from "../../grammar/validate-ast.ts";

const schema = JSON.parse(readFileSync("grammar/ast.schema.json", "utf8")) as {
  $defs: Record<string, { properties?: { type?: { const?: string } } }>;
};

// Uses every kind of node, so the schema is exercised on each one.
const everything = `# every node
let width = -(2 + 3) * 4 / 2 - 1
block unit(filters, size) {
  layer conv2d filters kernel=[3, 3] name="c" bias=true
}
model m {
  input 28 28 1
  unit width size=2
  repeat 2 {
    residual {
      layer relu
    }
  }
}
data d {
  source csv "a.csv" label=y
}
train m on d {
  optimizer adam lr=1e-3
}
evaluate m on d.test
evaluate m on d
save m "m.safetensors"
load m "m.safetensors"
`;

function programOf(text: string): Record<string, any> {
  const { program, diagnostics } = parse(text);
  assert.equal(diagnostics, []);
  return JSON.parse(JSON.stringify(program)) as Record<string, any>;
}

function nodeTypes(value: unknown, into = new Set<string>()): Set<string> {
  if (Array.isArray(value)) for (const v of value) nodeTypes(v, into);
  else if (value && typeof value === "object") {
    const type = (value as { type?: unknown }).type;
    if (typeof type === "string") into.add(type);
    for (const v of Object.values(value)) nodeTypes(v, into);
  }
  return into;
}

test("every example's AST validates", () => {
  const examples = readdirSync("examples").filter((f) => f.endsWith(".dl"));
  assert.ok(examples.length >= 6);
  for (const file of examples) assert.equal(validateAst(programOf(readFileSync(join("examples", file), "utf8"))), [], file);
});

test("a program using every node type validates, and the schema has a definition for each type", () => {
  const program = programOf(everything);
  assert.equal(validateAst(program), []);
  const defined = Object.values(schema.$defs).flatMap((d) => d.properties?.type?.const ?? []);
  assert.equal([...nodeTypes(program)].sort(), [...defined].sort());
});

test("a missing span is reported where it is missing", () => {
  const program = programOf(everything);
  delete program["body"][1].body[0].span;
  assert.equal(validateAst(program), ["/body/1/body/0: must have required property 'span'"]);
});

test("an unknown node type is rejected with the value it had", () => {
  const program = programOf(everything);
  program["body"][2].body[2].body[0].type = "Skip";
  assert.equal(validateAst(program), ['/body/2/body/2/body/0: value of tag "type" must be in oneOf (got "Skip")']);
});

test("an extra property is rejected by name", () => {
  const program = programOf(everything);
  program["body"][0].value.left.note = "x";
  assert.equal(validateAst(program), ["/body/0/value/left: must NOT have additional properties (`note`)"]);
});

test("wrong field values are rejected", () => {
  const program = programOf(everything);
  program["body"][0].value.operator = "%";
  program["body"][6].split = "test";
  program["span"].start.line = 0;
  const errors = validateAst(program);
  assert.ok(errors.includes('/body/0/value/operator: must be equal to one of the allowed values (["+","-","*","/"])'), errors.join("\n"));
  assert.ok(errors.includes("/body/6/split: must be object"), errors.join("\n"));
  assert.ok(errors.includes("/span/start/line: must be >= 1"), errors.join("\n"));
  assert.equal(validateAst(null), ["/: must be object"]);
});

test.run();
