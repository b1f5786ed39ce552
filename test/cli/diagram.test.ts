// `dl check --diagram FILE`: the form follows the extension (.svg, .mmd, .md), several models get one
// file each, and an extension it cannot draw is a one-line error that writes nothing.
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { test } from "uvu";
import * as assert from "uvu/assert";
import { check } from "../../interpreter/check/check.ts";
import { diagramMermaid } from "../../interpreter/diagram/mermaid.ts";
import { diagramSvg } from "../../interpreter/diagram/svg.ts";
import { parse } from "../../grammar/parse.ts";
import { dl } from "../helpers/dl-cli.ts";

const root = fileURLToPath(new URL("../..", import.meta.url));
const tmp = mkdtempSync(join(tmpdir(), "dl-diagram-"));
test.after(() => rmSync(tmp, { recursive: true, force: true }));

const resnetFile = join(root, "examples/resnet_blocks.dl");
const resnet = check(parse(readFileSync(resnetFile, "utf8")).program).program.models.get("tiny_resnet")!;

const twoModels = join(tmp, "two.dl");
writeFileSync(
  twoModels,
  `model encoder {
  input 8
  layer dense 4 relu
}

model decoder {
  input 4
  layer dense 8 sigmoid
}
`,
);

const runs = {
  svg: dl(tmp, "check", resnetFile, "--diagram", "resnet.svg"),
  mermaid: dl(tmp, "check", resnetFile, "--diagram", "resnet.mmd"),
  markdown: dl(tmp, "check", resnetFile, "--diagram", "resnet.md"),
  two: dl(tmp, "check", twoModels, "--diagram", "two.svg"),
  png: dl(tmp, "check", resnetFile, "--diagram", "resnet.png"),
  json: dl(tmp, "check", resnetFile, "--format", "json", "--diagram", "quiet.svg"),
};

test("--diagram x.svg writes the model's SVG beside the summary", async () => {
  const run = await runs.svg;
  assert.is(run.code, 0, run.stderr);
  assert.match(run.stdout, 'Model: "tiny_resnet"');
  assert.match(run.stdout, "Wrote resnet.svg");
  assert.is(readFileSync(join(tmp, "resnet.svg"), "utf8"), diagramSvg(resnet));
});

test("--diagram x.mmd writes Mermaid text; x.md the same in a fenced block for Markdown", async () => {
  assert.is((await runs.mermaid).code, 0);
  assert.is((await runs.markdown).code, 0);
  assert.is(readFileSync(join(tmp, "resnet.mmd"), "utf8"), diagramMermaid(resnet));
  assert.is(readFileSync(join(tmp, "resnet.md"), "utf8"), "```mermaid\n" + diagramMermaid(resnet) + "```\n");
});

test("with --format json the diagram is written and stdout stays the JSON of the diagnostics", async () => {
  const run = await runs.json;
  assert.is(run.code, 0, run.stderr);
  assert.equal(JSON.parse(run.stdout), []);
  assert.is(readFileSync(join(tmp, "quiet.svg"), "utf8"), diagramSvg(resnet));
});

test("several models: one file each, the model's name before the extension", async () => {
  const run = await runs.two;
  assert.is(run.code, 0, run.stderr);
  assert.match(run.stdout, "Wrote two.encoder.svg, two.decoder.svg");
  for (const name of ["encoder", "decoder"]) assert.match(readFileSync(join(tmp, `two.${name}.svg`), "utf8"), `model ${name}</text>`);
  assert.not.ok(existsSync(join(tmp, "two.svg")));
});

test("an extension it cannot draw: one error line with a hint, exit 1, nothing written", async () => {
  const run = await runs.png;
  assert.is(run.code, 1);
  assert.is(
    run.stderr,
    'error: cannot tell the diagram\'s form from "resnet.png"\n  = hint: name a .svg, .mmd (Mermaid) or .md (Markdown) file\n',
  );
  assert.not.ok(readdirSync(tmp).some((f) => f.startsWith("resnet.png")));
});

test.run();
