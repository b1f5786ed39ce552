import { test } from "uvu";
import * as assert from "uvu/assert";
import { resolveParams, type SourceDescription } from "../../../stdlib/datasets/source.ts";
import { expectDataError } from "./expect-data-error.ts";

const description: SourceDescription = {
  summary: "test",
  args: [{ name: "path", type: "string", required: true, doc: "" }],
  options: [
    { name: "points", type: "number", default: 10, doc: "" },
    { name: "classes", type: "boolean", default: false, doc: "" },
    { name: "label", type: "string", doc: "" },
  ],
};

test("fills defaults and accepts textual numbers and booleans", () => {
  const params = resolveParams("t", description, ["a.csv"], { classes: "true", points: "25" });
  assert.is(params.string("path"), "a.csv");
  assert.is(params.number("points"), 25);
  assert.is(params.boolean("classes"), true);
  assert.is(params.has("label"), false);
  assert.is(params.optionalString("label"), undefined);
  assert.is(resolveParams("t", description, ["a.csv"], {}).number("points"), 10);
});

test("reports missing, unknown, mistyped and extra parameters", () => {
  expectDataError(() => resolveParams("t", description, [], {}), "source t: missing path");
  expectDataError(
    () => resolveParams("t", description, ["a", "b"], {}),
    "source t takes 1 positional argument(s), got 2",
  );
  expectDataError(
    () => resolveParams("t", description, ["a"], { lable: "x" }),
    'source t: unknown option "lable" (did you mean "label"?)',
  );
  expectDataError(
    () => resolveParams("t", description, ["a"], { points: "many" }),
    'source t: points must be a number, got "many"',
  );
  expectDataError(
    () => resolveParams("t", description, ["a"], { classes: 1 }),
    "source t: classes must be a boolean, got 1",
  );
});

test.run();
