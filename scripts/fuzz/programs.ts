// Generators of .dl inputs for the fuzzer (fast-check arbitraries, so failures shrink):
// grammar-aware mutations of the examples, random token streams, byte-level garbage, and
// the pathological shapes that once crashed the front end (deep nesting, bombs, huge numbers).
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import fc from "fast-check";
import { keywords } from "../../grammar/keywords.ts";
import { sources } from "../../stdlib/datasets/index.ts";
import { layers } from "../../stdlib/layers/index.ts";
import { losses } from "../../stdlib/losses/index.ts";
import { optimizerNames } from "../../stdlib/optimizers/index.ts";

const examples = readdirSync("examples")
  .filter((name) => name.endsWith(".dl"))
  .sort()
  .map((name) => readFileSync(join("examples", name), "utf8"));

/** Words and symbols a mutation may put in: the language's own, and numbers at the edges of what is representable. */
const vocabulary = [
  ...keywords,
  ...layers.keys(),
  ...Object.keys(sources),
  ...losses.keys(),
  ...optimizerNames,
  ...["epochs", "batch", "seed", "optimizer", "loss", "metrics", "validation", "scale", "shuffle", "one_hot", "source", "early_stopping"],
  ...["x", "m", "d", "h", "n", "true", "false", "relu", "softmax", "lr", "units", "padding", "same", "kernel"],
  ...["0", "1", "2", "3", "16", "0.5", "1e-3", "1e6", "1e9", "1e20", "1e400", "1.8e308", "9007199254740993", ".5", "2.", "0.0"],
  ...["{", "}", "(", ")", "[", "]", ",", "=", ".", "+", "-", "*", "/", "\n", "\n", "\n"],
  ...['"a.csv"', '"x.safetensors"', '""', '"', "'q'", "# note\n", "\\", "\t", "\r", "@", "é", "\u0000"],
];

const token = fc.constantFrom(...vocabulary);

/** Splits text into tokens and the whitespace between them, so that a mutation edits whole words. */
function tokenize(text: string): string[] {
  return text.match(/\s+|#[^\n]*|"[^"\n]*"|[A-Za-z_]\w*|\d+\.?\d*(?:[eE][+-]?\d+)?|./gsu) ?? [];
}

type Edit =
  | { op: "delete"; at: number; length: number }
  | { op: "insert"; at: number; text: string }
  | { op: "replace"; at: number; text: string }
  | { op: "repeat"; at: number; length: number; times: number }
  | { op: "negate"; at: number };

const edit: fc.Arbitrary<Edit> = fc.oneof(
  fc.record({ op: fc.constant("delete" as const), at: fc.nat(), length: fc.integer({ min: 1, max: 6 }) }),
  fc.record({ op: fc.constant("insert" as const), at: fc.nat(), text: token }),
  fc.record({ op: fc.constant("replace" as const), at: fc.nat(), text: token }),
  fc.record({
    op: fc.constant("repeat" as const),
    at: fc.nat(),
    length: fc.integer({ min: 1, max: 12 }),
    times: fc.integer({ min: 2, max: 60 }),
  }),
  fc.record({ op: fc.constant("negate" as const), at: fc.nat() }),
);

function applyEdits(text: string, edits: readonly Edit[]): string {
  const tokens = tokenize(text);
  for (const e of edits) {
    const at = tokens.length === 0 ? 0 : e.at % tokens.length;
    if (e.op === "delete") tokens.splice(at, e.length);
    else if (e.op === "insert") tokens.splice(at, 0, " ", e.text, " ");
    else if (e.op === "replace") tokens.splice(at, 1, e.text);
    else if (e.op === "repeat") tokens.splice(at, 0, ...Array.from({ length: e.times }, () => tokens.slice(at, at + e.length)).flat());
    // `(-N)` where a number was: the arguments that once lost their parentheses under `dl fmt`.
    else if (/^\d/.test(tokens[at] ?? "")) tokens.splice(at, 1, `(-${tokens[at]})`);
  }
  return tokens.join("");
}

/** An example with a few token-level edits. */
export const mutatedExample: fc.Arbitrary<string> = fc
  .tuple(fc.constantFrom(...examples), fc.array(edit, { minLength: 1, maxLength: 8 }))
  .map(([text, edits]) => applyEdits(text, edits));

/** Tokens of the language in random order, mostly separated by spaces. */
export const tokenStream: fc.Arbitrary<string> = fc
  .array(fc.tuple(token, fc.constantFrom(" ", " ", " ", "", "\n")), { maxLength: 80 })
  .map((pairs) => pairs.map(([t, space]) => t + space).join(""));

/** Random bytes, or an example with bytes flipped, inserted or cut. */
export const garbageBytes: fc.Arbitrary<Uint8Array> = fc.oneof(
  fc.uint8Array({ maxLength: 300 }),
  fc
    .tuple(
      fc.constantFrom(...examples),
      fc.array(fc.tuple(fc.nat(), fc.integer({ min: 0, max: 255 })), { minLength: 1, maxLength: 10 }),
      fc.nat(),
    )
    .map(([text, flips, cut]) => {
      const bytes = new TextEncoder().encode(text);
      for (const [at, value] of flips) bytes[at % bytes.length] = value;
      return bytes.subarray(0, bytes.length - (cut % 8));
    }),
);

const model = (body: string) => `model m {\n  input 4\n${body}\n}\n`;

/** The shapes that crashed or hung the front end, at random sizes around their limits. */
export const pathological: fc.Arbitrary<string> = fc.oneof(
  fc.integer({ min: 0, max: 3000 }).map((n) => `let a = ${"-".repeat(n)}1\n`),
  fc.integer({ min: 1, max: 3000 }).map((n) => `let b = ${Array.from({ length: n }, () => "1").join("+")}\n`),
  fc.integer({ min: 1, max: 80 }).map((n) => `let c = ${"(".repeat(n)}1${")".repeat(n)}\n`),
  fc.integer({ min: 1, max: 80 }).map((n) => `let d = ${"-(".repeat(n)}1${")".repeat(n)}\n`),
  fc.integer({ min: 1, max: 80 }).map((n) => model(`  layer dense 4 kernel=${"[".repeat(n)}3${"]".repeat(n)}`)),
  fc.constantFrom("1e6", "1e4", "10001", "1e400", "0", "-1", "2.5").map((n) => model(`  repeat ${n} {\n    layer dense 4\n  }`)),
  fc.integer({ min: 1, max: 40 }).map((n) => model(`${"  repeat 1000 {\n".repeat(n)}  layer dense 4\n${"  }\n".repeat(n)}`)),
  fc.integer({ min: 1, max: 60 }).map((n) => model(`${"  residual {\n".repeat(n)}  layer dense 4\n${"  }\n".repeat(n)}`)),
  fc.tuple(fc.integer({ min: 1, max: 1100 }), fc.boolean()).map(([n, twice]) => {
    const blocks = ["block b0(n) {\n  layer dense n\n}\n"];
    for (let i = 1; i < n; i++) blocks.push(`block b${i}(n) {\n  b${i - 1} n\n${twice ? `  b${i - 1} n\n` : ""}}\n`);
    return `${blocks.join("")}${model(`  b${n - 1} 4`)}`;
  }),
  fc.constantFrom("1e9", "1e20", "1e300", "1.8e308", "3e8", "0.5", "4").map((n) => model(`  layer dense ${n}`)),
  fc
    .constantFrom("1e400", "0", "(-0.1)", "-1", "1e-300")
    .map(
      (lr) =>
        `${model("  layer dense 2 softmax")}data d {\n  source spirals\n}\ntrain m on d {\n  optimizer adam lr=${lr}\n  loss sparse_categorical_crossentropy\n}\n`,
    ),
  fc
    .tuple(fc.constantFrom("epochs", "batch"), fc.constantFrom("1e20", "1e9", "0", "1.5", "1e400"))
    .map(
      ([key, n]) =>
        `${model("  layer dense 2 softmax")}data d {\n  source spirals\n}\ntrain m on d {\n  ${key} ${n}\n  loss sparse_categorical_crossentropy\n}\n`,
    ),
  fc
    .constantFrom("scale 0", "source spirals points=1e8", "source spirals classes=1e9", "validation 1e400")
    .map((line) => `data d {\n  source spirals\n  ${line}\n}\n`),
  fc.tuple(fc.integer({ min: 1, max: 30000 }), fc.constantFrom("x", "é", "_")).map(([n, c]) => model(`  layer ${c.repeat(n)} 4`)),
  fc
    .tuple(fc.integer({ min: 0, max: 8 }), fc.constantFrom("shift", "input", "dense"))
    .map(([n, word]) => (word === "input" ? `model m {\n  input 28 (-${n})\n}\n` : model(`  layer ${word} 8 (-${n}) (-(${n}))`))),
);
