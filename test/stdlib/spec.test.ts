// completeConfig: what a caller that skips the checker gets — canonical names, defaults, and
// errors for names and kinds of values that a config alone can get wrong.
import { test } from "uvu";
import * as assert from "uvu/assert";
import { completeConfig, findArg, type NamedSpec } from "../../stdlib/spec.ts";
import { bool, name, number, text } from "../../stdlib/values.ts";

const spec: NamedSpec = {
  name: "t",
  keras: "",
  doc: "test",
  args: [{ name: "path", type: text, doc: "" }],
  options: [
    { name: "points", type: number, doc: "", default: 10 },
    { name: "classes", type: bool, doc: "", default: false },
    { name: "label", type: name, doc: "", default: null },
    { name: "learning_rate", aliases: ["lr"], type: number, doc: "", default: 0.1 },
  ],
};

test("fills defaults, leaves unset options out and stores canonical names", () => {
  assert.equal(completeConfig("source t", spec, { path: "a.csv", points: 25 }), {
    path: "a.csv",
    points: 25,
    classes: false,
    learning_rate: 0.1,
  });
  assert.equal(completeConfig("source t", spec, { path: "a.csv", lr: 0.5 })["learning_rate"], 0.5);
  assert.is(findArg(spec, "lr")?.name, "learning_rate");
});

test("reports missing, unknown and mistyped values", () => {
  assert.throws(
    () => completeConfig("source t", spec, {}),
    (e: Error) => e.message === "source t: missing path",
  );
  assert.throws(
    () => completeConfig("source t", spec, { path: "a", lable: "x" }),
    (e: Error) => e.message === 'source t: unknown option "lable" (did you mean "label"?)',
  );
  assert.throws(
    () => completeConfig("source t", spec, { path: "a", points: "many" }),
    (e: Error) => e.message === 'source t: points must be a number, got "many"',
  );
  assert.throws(
    () => completeConfig("source t", spec, { path: "a", classes: 1 }),
    (e: Error) => e.message === "source t: classes must be true or false, got 1",
  );
});

test.run();
