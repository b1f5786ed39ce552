// The program in the URL: every example survives the round trip through the hash, the hash is
// shorter than the text, and a damaged or foreign hash gives nothing rather than garbage.
import { readdirSync, readFileSync } from "node:fs";
import { test } from "uvu";
import * as assert from "uvu/assert";
import { programFromHash, shareHash } from "../../playground/app/share.ts";

const examples = readdirSync("examples")
  .filter((name) => name.endsWith(".dl"))
  .map((name) => readFileSync(`examples/${name}`, "utf8"));

test("every example comes back from its hash, which is URL-safe and shorter than the program", () => {
  assert.ok(examples.length >= 5);
  for (const source of examples) {
    const hash = shareHash(source);
    assert.match(hash, /^#code=[A-Za-z0-9_-]+$/);
    assert.ok(hash.length < source.length, `${hash.length} ≥ ${source.length}`);
    assert.is(programFromHash(hash), source);
  }
});

test("text beyond ASCII survives", () => {
  const source = "# café – 28×28 → 10 classes\nmodel m {\n  input 2\n}\n";
  assert.is(programFromHash(shareHash(source)), source);
});

test("a damaged or foreign hash gives no program", () => {
  const hash = shareHash(examples[0]!);
  assert.is(programFromHash(hash.slice(0, hash.length / 2)), undefined);
  assert.is(programFromHash("#code=!!!"), undefined);
  assert.is(programFromHash("#section-2"), undefined);
  assert.is(programFromHash(""), undefined);
});

test.run();
