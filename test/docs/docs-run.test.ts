// The documentation's programs are run, so what they claim holds: every ```dl block of README.md
// and docs/ that trains runs to its end on the CPU backend, without warnings, and the iris programs
// with a validation split reach a validation accuracy of 0.9. MNIST blocks run one epoch (the
// README's first epoch is then exactly the line it shows).
import { mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { test } from "uvu";
import * as assert from "uvu/assert";
import { formatLogs } from "../../cli/progress.ts";
import { reportText } from "../../cli/report.ts";
import { CpuBackend } from "../../interpreter/backends/cpu/cpu-backend.ts";
import { runProgram } from "../../interpreter/run.ts";
import { collect, compile } from "../interpreter/runtime/helpers.ts";

const pages = [
  "README.md",
  ...readdirSync("docs")
    .filter((f) => f.endsWith(".md"))
    .map((f) => join("docs", f)),
];
const tmp = mkdtempSync(join(tmpdir(), "dl-docs-run-"));

/** The ```dl blocks (complete programs) that train, with the line of their opening fence. */
const trainingBlocks = pages.flatMap((file) =>
  [...readFileSync(file, "utf8").matchAll(/^```dl\n([\s\S]*?)^```$/gm)]
    .filter((m) => /^train /m.test(m[1]!))
    .map((m) => ({ where: `${file}:${readFileSync(file, "utf8").slice(0, m.index).split("\n").length}`, text: m[1]! })),
);

test("the docs hold training programs: the README's, and iris, xor, spirals and MNIST ones in docs/language.md", () => {
  assert.ok(trainingBlocks.length >= 8, String(trainingBlocks.length));
  assert.ok(trainingBlocks.some((b) => b.where.startsWith("README.md")));
});

for (const block of trainingBlocks) {
  const mnist = /^\s*source mnist\b/m.test(block.text);
  test(`${block.where} runs${mnist ? " (1 epoch)" : ""} with no warning; an iris validation accuracy >= 0.9`, async () => {
    const run = collect();
    // The block's `save` writes next to its file: a temporary folder.
    await runProgram(compile(block.text, join(tmp, "example.dl")), {
      backend: new CpuBackend(),
      reporter: run.reporter,
      ...(mnist ? { epochs: 1 } : {}),
    });
    assert.equal(run.warnings, []);
    assert.ok(run.epochs.length >= 1);
    const last = run.epochs.at(-1)!.logs;
    if (/^\s*source iris\b/m.test(block.text) && /^\s*validation /m.test(block.text)) {
      assert.ok(last["val_accuracy"]! >= 0.9, `val_accuracy ${last["val_accuracy"]}`);
    }
    if (block.where.startsWith("README.md")) {
      const shown = /^Epoch 1\/\d+ - [\d.]+s - (.*)$/m.exec(readFileSync("README.md", "utf8"))![1]!;
      assert.is(formatLogs(run.epochs[0]!.logs), shown, "the README's first epoch");
    }
  });
}

test("the DL307 example in docs/diagnostics.md warns, before training, what the page shows", async () => {
  const section = readFileSync("docs/diagnostics.md", "utf8")
    .split(/^## /m)
    .find((s) => s.startsWith("DL307"))!;
  const [, example, shown] = /```dl runtime\n([\s\S]*?)```\n[\s\S]*?```text\n([\s\S]*?)```/.exec(section)!;
  const warnings: string[] = [];
  let epochsBefore = -1;
  const run = collect();
  const reporter = {
    ...run.reporter,
    warning: (d: Parameters<NonNullable<typeof run.reporter.warning>>[0]) => {
      epochsBefore = run.epochs.length;
      warnings.push(reportText([d], "example.dl", example!));
    },
  };
  await runProgram(compile(example!, join(tmp, "example.dl")), { backend: new CpuBackend(), reporter });
  assert.is(epochsBefore, 0);
  assert.is(warnings.join("\n"), shown!.trimEnd());
});

test.after(() => rmSync(tmp, { recursive: true, force: true }));

test.run();
