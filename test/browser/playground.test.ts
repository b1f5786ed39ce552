// The playground in Debian's Chromium, built as `npm run build:playground` builds it and served
// as a static folder: a typed mistake shows the diagnostic `dl check` gives, the fix clears it,
// spirals trains on cpu and on webgl in the worker while the chart grows, and the screenshots
// are not blank. Skipped without Chromium or gpu.js, unless DL_REQUIRE_BROWSER=1 (CI).
// DL_UPDATE_SCREENSHOTS=1 also writes the two screenshots the README shows (docs/images/).
import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { chromium, type Browser, type Page } from "playwright-core";
import { test } from "uvu";
import * as assert from "uvu/assert";
import { shareHash } from "../../playground/app/share.ts";
import { buildPlayground } from "../../playground/build.ts";
import { serveStatic, type StaticServer } from "../../playground/static-server.ts";
import { CHROMIUM, CHROMIUM_ARGS } from "./test-page.ts";
import { unavailable, webglPageMissing } from "./unavailable.ts";

const root = fileURLToPath(new URL("../../", import.meta.url));
/** Validation accuracy spirals.dl reaches in the page: its 200 epochs on cpu, 40 on webgl (software GL is slow). */
const CPU_ACCURACY = 0.95;
const WEBGL_EPOCHS = 40;
const WEBGL_ACCURACY = 0.9;
/** Test accuracy of mnist_mlp.dl on the playground's 500 test digits, after 10 epochs on 1,600. */
const MNIST_ACCURACY = 0.85;

/** The browser globals the page-side functions below use: the tests are type-checked without DOM types. */
interface InPage {
  document: { getElementById(id: string): { querySelector(selector: string): { getAttribute(name: string): string | null } | null } };
  MutationObserver: new (callback: () => void) => { observe(target: unknown, options: { childList: boolean; subtree: boolean }): void };
  createImageBitmap(blob: Blob): Promise<{ width: number; height: number }>;
  OffscreenCanvas: new (
    width: number,
    height: number,
  ) => {
    getContext(kind: "2d"): {
      drawImage(image: unknown, x: number, y: number): void;
      getImageData(x: number, y: number, width: number, height: number): { data: Uint8ClampedArray };
    };
  };
  location: { hash: string };
  growth: number[];
}

interface Session {
  folder: string;
  server: StaticServer;
  browser: Browser;
  page: Page;
  problems: string[];
}

let session: Promise<Session> | undefined;
let started = 0;

/** Builds, serves and opens the playground once; a broken setup fails every test. */
function open(): Promise<Session> {
  session ??= (async () => {
    started = performance.now();
    const folder = mkdtempSync(join(tmpdir(), "dl-playground-"));
    const build = await buildPlayground(folder);
    assert.is(build.webglMissing, undefined);
    // Under a folder of the site, as a static host may put it: every URL the page uses is relative.
    const server = await serveStatic({ "/dl/playground/": folder });
    const browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS, headless: true });
    const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
    const problems: string[] = [];
    page.on("pageerror", (error) => problems.push(`page error: ${error.stack ?? error.message}`));
    await page.goto(`${server.url}dl/playground/`);
    await page.waitForSelector("body[data-state=idle]", { timeout: 30_000 });
    return { folder, server, browser, page, problems };
  })();
  return session;
}

/** The editor's text, one line per .cm-line. */
const editorText = (page: Page) => page.$$eval(".cm-line", (lines) => lines.map((line) => line.textContent).join("\n"));

/** Puts the cursor at the end of the first editor line that holds `text`. */
async function cursorAtEndOf(page: Page, text: string): Promise<void> {
  await page.locator(".cm-line", { hasText: text }).first().click();
  await page.keyboard.press("End");
}

/** Distinct colours, and the share of pixels unlike the most common one, decoded by the browser. */
async function pixelStats(page: Page, png: Buffer): Promise<{ colors: number; ink: number }> {
  return page.evaluate(async (base64) => {
    const { createImageBitmap, OffscreenCanvas } = globalThis as unknown as InPage;
    const bitmap = await createImageBitmap(await (await fetch(`data:image/png;base64,${base64}`)).blob());
    const canvas = new OffscreenCanvas(bitmap.width, bitmap.height);
    const context = canvas.getContext("2d");
    context.drawImage(bitmap, 0, 0);
    const pixels = new Uint32Array(context.getImageData(0, 0, bitmap.width, bitmap.height).data.buffer);
    const counts = new Map<number, number>();
    for (const pixel of pixels) counts.set(pixel, (counts.get(pixel) ?? 0) + 1);
    return { colors: counts.size, ink: 1 - Math.max(...counts.values()) / pixels.length };
  }, png.toString("base64"));
}

async function screenshot(page: Page, name: string, options: { fullPage?: boolean } = {}): Promise<void> {
  const png = await page.screenshot(options);
  const { colors, ink } = await pixelStats(page, png);
  console.log(`screenshot ${name}: ${png.length} bytes, ${colors} colours, ${(100 * ink).toFixed(0)}% not background`);
  assert.ok(colors > 50 && ink > 0.1, `screenshot ${name} looks blank: ${colors} colours, ink ${ink}`);
  if (process.env["DL_UPDATE_SCREENSHOTS"] === "1") writeFileSync(join(root, "docs/images", name), png);
}

interface Training {
  /** The loss curve's point count at each redraw of the charts. */
  growth: number[];
  log: string;
  evaluated: number;
  /** Right answers over examples in the confusion matrix. */
  matrixAccuracy: number;
}

/** Clicks Train on `backend`, records the chart at every redraw, and waits for the run to end. */
async function train(page: Page, backend: string): Promise<Training> {
  await page.selectOption("#backend", backend);
  await page.evaluate(() => {
    const { document, MutationObserver } = globalThis as unknown as InPage;
    const growth: number[] = [];
    (globalThis as unknown as InPage).growth = growth;
    const charts = document.getElementById("charts")!;
    new MutationObserver(() => {
      const loss = charts.querySelector("polyline[data-series=loss]");
      if (loss) growth.push(loss.getAttribute("points")!.trim().split(" ").length);
    }).observe(charts, { childList: true, subtree: true });
  });
  await page.click("#train");
  await page.waitForSelector("body[data-state=done], body[data-state=failed]", { timeout: 80_000 });
  const log = (await page.textContent("#log")) ?? "";
  assert.is(await page.getAttribute("body", "data-state"), "done", log);
  const growth = await page.evaluate(() => (globalThis as unknown as InPage).growth);
  const evaluated = Number(log.match(/Evaluate spiral_net on spirals\.validation \(160 examples\): .* accuracy: ([\d.]+)/)?.[1]);
  const cells = await page.$$eval(".confusion tr", (rows) =>
    rows.slice(1).map((row) => [...row.querySelectorAll("td")].slice(1).map((cell) => Number(cell.textContent))),
  );
  const total = cells.flat().reduce((a, b) => a + b, 0);
  assert.is(total, 160, "the confusion matrix counts spirals' validation examples");
  assert.ok(await page.isVisible("canvas.plane"), "a two-input classifier's decisions are drawn");
  const right = cells.reduce((sum, row, i) => sum + row[i]!, 0);
  console.log(`${backend}: ${log.split("\n").slice(-3).join(" | ")}`);
  return { growth, log, evaluated, matrixAccuracy: right / total };
}

function assertTrained(run: Training, epochs: number, accuracy: number): void {
  assert.ok(run.evaluated >= accuracy, `validation accuracy ${run.evaluated} is under ${accuracy}`);
  assert.ok(Math.abs(run.matrixAccuracy - run.evaluated) < 1e-6, `confusion matrix ${run.matrixAccuracy} vs evaluate ${run.evaluated}`);
  // The chart grew epoch by epoch while the worker trained, not once at the end.
  const seen = [...new Set(run.growth)];
  assert.ok(seen.length >= Math.min(epochs, 20), `the loss curve was drawn at ${seen.length} lengths only: ${seen.join(", ")}`);
  assert.equal(
    seen,
    [...seen].sort((a, b) => a - b),
    "the curve only grows",
  );
  assert.is(Math.max(...seen), epochs);
}

const missing = webglPageMissing();

if (missing) {
  unavailable("playground in headless Chromium", missing);
} else {
  test.after(async () => {
    const opened = await session?.catch(() => undefined);
    if (!opened) return;
    await opened.browser.close();
    await opened.server.close();
    rmSync(opened.folder, { recursive: true, force: true });
    console.log(`playground tests took ${((performance.now() - started) / 1000).toFixed(1)}s`);
  });

  test("the built playground opens with an example, its summary and no problems", async () => {
    const { page } = await open();
    const examples = await page.$$eval("#example option", (options) => options.map((o) => o.textContent));
    assert.ok(examples.includes("spirals.dl") && examples.includes("mnist_mlp.dl"), examples.join(", "));
    assert.not.ok(examples.includes("iris.dl"), "iris.dl reads a CSV file, which a page has not");
    assert.match(await editorText(page), /model spiral_net \{/);
    assert.match((await page.textContent("#summary"))!, /Total params: 1,218/);
    assert.is(await page.textContent("#problems"), "playground.dl: no problems");
    // The diagram beside the summary, one box per layer.
    assert.match((await page.textContent("#diagram svg"))!, /dense_1[\s\S]*dense_2/);
    // Hover a layer: its name, kind, shapes and parameters, from the checker.
    await page.locator(".cm-line", { hasText: "layer dense 32 relu" }).nth(1).locator("span", { hasText: "dense" }).hover();
    const hover = await page.waitForSelector(".shape-tooltip");
    assert.is(await hover.textContent(), "dense_1 (dense): (None, 32) → (None, 32), 1,056 params");
    await page.mouse.move(0, 0);
    await hover.waitForElementState("hidden");
  });

  test("a typed mistake shows the located diagnostic dl check gives; fixing it clears it", async () => {
    const { page } = await open();
    await cursorAtEndOf(page, "input 2");
    await page.keyboard.press("ArrowDown");
    await page.keyboard.press("Home"); // the line's text, after its indentation
    for (let i = 0; i < "layer dense".length; i++) await page.keyboard.press("ArrowRight");
    await page.keyboard.press("Backspace");
    await page.waitForSelector(".cm-lintRange-error");
    const text = await editorText(page);
    assert.match(text, /layer dens 32 relu/);

    const folder = mkdtempSync(join(tmpdir(), "dl-playground-check-"));
    const file = join(folder, "playground.dl");
    writeFileSync(file, text);
    const cli = spawnSync(process.execPath, [join(root, "bin/dl.js"), "check", "--format", "json", file], { encoding: "utf8" });
    rmSync(folder, { recursive: true, force: true });
    const [expected] = JSON.parse(cli.stdout) as { code: string; message: string; span: { start: { line: number; column: number } } }[];
    const where = `playground.dl:${expected!.span.start.line}:${expected!.span.start.column}: error[${expected!.code}]: ${expected!.message}`;
    assert.is(where, "playground.dl:5:9: error[DL103]: unknown layer kind `dens`");
    const shown = (await page.textContent("#problems"))!;
    assert.ok(shown.startsWith(where), shown);
    assert.match(shown, /hint: did you mean `dense`\?/);

    await page.hover(".cm-lintRange-error");
    const tooltip = await page.waitForSelector(".cm-tooltip-lint");
    assert.match((await tooltip.textContent())!, /unknown layer kind `dens`/);
    await screenshot(page, "playground-error.png");

    await page.keyboard.type("e");
    await page.waitForSelector(".cm-lintRange-error", { state: "detached" });
    assert.is(await page.textContent("#problems"), "playground.dl: no problems");
  });

  test(`spirals trains on cpu to ${CPU_ACCURACY} validation accuracy, the chart growing each epoch`, async () => {
    const { page, problems } = await open();
    const run = await train(page, "cpu");
    assert.match(run.log, /^on cpu /);
    assertTrained(run, 200, CPU_ACCURACY);
    assert.equal(problems, []);
  });

  test(`spirals trains on webgl (${WEBGL_EPOCHS} epochs) to ${WEBGL_ACCURACY} validation accuracy, the chart growing each epoch`, async () => {
    const { page, problems } = await open();
    await cursorAtEndOf(page, "epochs 200");
    for (let i = 0; i < 3; i++) await page.keyboard.press("Backspace");
    await page.keyboard.type(String(WEBGL_EPOCHS));
    const run = await train(page, "webgl");
    assert.match(run.log, /^on webgl2 on .*gpu\.js WebGL2Kernel/);
    assertTrained(run, WEBGL_EPOCHS, WEBGL_ACCURACY);
    await screenshot(page, "playground-trained.png", { fullPage: true });
    assert.equal(problems, []);
  });

  test(`mnist_mlp.dl from the menu trains on the MNIST subset on cpu: ${MNIST_ACCURACY} test accuracy, a 10×10 confusion matrix, digits drawn`, async () => {
    const { page, problems } = await open();
    await page.selectOption("#example", "mnist_mlp.dl");
    await page.waitForFunction(() => (globalThis as unknown as InPage).location.hash.startsWith("#code="));
    await page.selectOption("#backend", "cpu");
    await page.click("#train");
    await page.waitForSelector("body[data-state=done], body[data-state=failed]", { timeout: 60_000 });
    const log = (await page.textContent("#log")) ?? "";
    assert.is(await page.getAttribute("body", "data-state"), "done", log);
    console.log(`mnist: ${log.split("\n").slice(-3).join(" | ")}`);
    assert.match(log, /Training mnist_mlp on mnist: 1600 examples, validating on 400, 10 epochs/);
    const accuracy = Number(log.match(/Evaluate mnist_mlp on mnist\.test \(500 examples\): .* accuracy: ([\d.]+)/)?.[1]);
    assert.ok(accuracy >= MNIST_ACCURACY, `test accuracy ${accuracy}`);
    const cells = await page.$$eval(".confusion tr", (rows) => rows.slice(1).map((row) => row.querySelectorAll("td").length - 1));
    assert.equal(cells, Array(10).fill(10));
    assert.is(await page.locator(".sample canvas").count(), 8);
    assert.equal(problems, []);
  });

  test("Stop ends a run: the worker stops and the curve stops growing", async () => {
    const { page } = await open();
    await page.selectOption("#example", "spirals.dl");
    await page.selectOption("#backend", "webgl"); // 200 epochs take a minute there
    await page.click("#train");
    const points = () => page.$eval("polyline[data-series=loss]", (line) => line.getAttribute("points")!.trim().split(" ").length);
    await page.waitForFunction(() => {
      const { document } = globalThis as unknown as InPage;
      return (
        (document.getElementById("charts").querySelector("polyline[data-series=loss]")?.getAttribute("points") ?? "").split(" ").length >= 3
      );
    });
    await page.click("#stop");
    assert.is(await page.getAttribute("body", "data-state"), "stopped");
    const stoppedAt = await points();
    assert.ok(stoppedAt >= 3 && stoppedAt < 200, String(stoppedAt));
    await page.waitForTimeout(1000);
    assert.is(await points(), stoppedAt);
    assert.match((await page.textContent("#log"))!, /stopped after [\d.]+s$/);
  });

  test("a program shared in the URL opens as it was; one that reads a file stops with a located DL301", async () => {
    const { browser, server } = await open();
    const iris = readFileSync(join(root, "examples/iris.dl"), "utf8");
    const page = await browser.newPage();
    await page.goto(`${server.url}dl/playground/${shareHash(iris)}`);
    await page.waitForSelector("body[data-state=idle]");
    assert.is(await editorText(page), iris);
    await page.click("#train");
    await page.waitForSelector("body[data-state=failed]");
    const line = iris.split("\n").findIndex((text) => text.includes("source csv")) + 1;
    assert.match((await page.textContent("#log"))!, `playground.dl:${line}:3: error[DL301]: the playground has no files`);
    await page.close();
  });

  test("the URL carries the program: a new page opened on it shows the same text", async () => {
    const { browser, page } = await open();
    await page.waitForFunction(() => (globalThis as unknown as InPage).location.hash.startsWith("#code="));
    const shared = await browser.newPage();
    await shared.goto(page.url());
    await shared.waitForSelector("body[data-state=idle]");
    assert.is(await editorText(shared), await editorText(page));
    assert.match(await editorText(shared), /model spiral_net \{/);
    await shared.close();
  });
}

test.run();
