// dl fmt never changes what a program means (issue 16): a negative argument written in
// parentheses after another keeps them, since bare it would join the one before it.
import { test } from "uvu";
import * as assert from "uvu/assert";
import { formatDl } from "../../grammar/format/format.ts";
import { parse } from "../../grammar/parse.ts";

/** The tree without positions. */
function shape(text: string): string {
  const { program } = parse(text);
  return JSON.stringify(program.body, (key, value: unknown) => (key === "span" ? undefined : value));
}

const cases = [
  "block shift(a, b) {\n  layer dense a\n}\n\nmodel m {\n  input 4\n  shift 8 (-2)\n}\n",
  "model m {\n  input 28 (-1)\n}\n",
  "model m {\n  input 4\n  layer dense 2 (-2) (-(3))\n}\n",
  "data d {\n  source spirals\n  scale 2 (-1-2)\n}\n",
];

for (const text of cases) {
  test(`fmt keeps the tree of: ${JSON.stringify(text)}`, async () => {
    const formatted = await formatDl(text);
    assert.is(shape(formatted), shape(text));
    assert.is(await formatDl(formatted), formatted, "idempotent");
  });
}

test("`shift 8 (-2)` and `input 28 (-1)` print with their parentheses; a first argument needs none", async () => {
  assert.match(await formatDl(cases[0]!), /\n {2}shift 8 \(-2\)\n/);
  assert.match(await formatDl(cases[1]!), /\n {2}input 28 \(-1\)\n/);
  assert.match(await formatDl("model m {\n  input (-1)\n}\n"), /\n {2}input -1\n/);
  assert.match(await formatDl(cases[2]!), /\n {2}layer dense 2 \(-2\) \(-3\)\n/);
});

test.run();
