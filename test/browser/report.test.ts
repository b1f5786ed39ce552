// The run report in a real browser: `dl run spirals.dl --epochs 3 --report r.html`, opened from
// disk in Debian's Chromium with every network request refused (the report must stand alone):
// 4 curves (loss and accuracy, training and validation), the confusion matrix agreeing with the
// printed accuracy, the model diagram drawn, and a screenshot that is not blank. Skipped without
// Chromium, unless DL_REQUIRE_BROWSER=1 (CI), which makes that a failure.
import { copyFileSync, existsSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { chromium, type Browser, type Page } from "playwright-core";
import { test } from "uvu";
import * as assert from "uvu/assert";
import { dl } from "../helpers/dl-cli.ts";
import { CHROMIUM } from "./test-page.ts";
import { unavailable } from "./unavailable.ts";

const root = fileURLToPath(new URL("../../", import.meta.url));

interface Opened {
  browser: Browser;
  page: Page;
  stdout: string;
  /** URLs the page asked for besides the report itself. */
  outside: string[];
  folder: string;
}

let opened: Promise<Opened> | undefined;

/** Runs the program and opens its report, once; not a `before` hook, whose errors uvu swallows. */
function open(): Promise<Opened> {
  opened ??= (async () => {
    const folder = mkdtempSync(join(tmpdir(), "dl-report-page-"));
    copyFileSync(join(root, "examples/spirals.dl"), join(folder, "spirals.dl"));
    const run = await dl(folder, "run", "spirals.dl", "--epochs", "3", "--report", "r.html");
    if (run.code !== 0) throw new Error(`dl run failed:\n${run.stderr}`);
    // The report draws no WebGL: the software path keeps the screenshot quick and the same everywhere.
    const browser = await chromium.launch({ executablePath: CHROMIUM, args: ["--no-sandbox", "--disable-gpu"] });
    const page = await browser.newPage({ viewport: { width: 1100, height: 900 } });
    const report = pathToFileURL(join(folder, "r.html")).href;
    const outside: string[] = [];
    await page.route("**/*", (route) => {
      if (route.request().url() === report) return route.continue();
      outside.push(route.request().url());
      return route.abort();
    });
    await page.goto(report);
    return { browser, page, stdout: run.stdout, outside, folder };
  })();
  return opened;
}

if (!existsSync(CHROMIUM)) {
  unavailable("run report in headless Chromium", `${CHROMIUM} is missing (apt-get install -y chromium)`);
} else {
  test.after(async () => {
    const done = await opened?.catch(() => undefined);
    if (!done) return;
    await done.browser.close();
    rmSync(done.folder, { recursive: true, force: true });
  });

  test("the report stands alone: it asks for nothing outside itself", async () => {
    const { outside } = await open();
    assert.equal(outside, []);
  });

  test("4 curves drawn: loss and accuracy, each for training and validation, one point per epoch", async () => {
    const { page } = await open();
    const curves = await page.$$eval("svg.chart polyline.curve", (lines) =>
      lines.map((line) => {
        const box = line.getBoundingClientRect();
        const chart = line.closest("svg")!.getAttribute("data-quantity");
        return {
          chart,
          series: line.getAttribute("data-series"),
          points: line.getAttribute("points")!.split(" ").length,
          width: box.width,
          height: box.height,
        };
      }),
    );
    assert.equal(
      curves.map((c) => `${c.chart}:${c.series}`),
      ["loss:loss", "loss:val_loss", "accuracy:accuracy", "accuracy:val_accuracy"],
    );
    for (const curve of curves) {
      assert.is(curve.points, 3);
      assert.ok(curve.width > 100, `${curve.series} spans the chart (${curve.width}px)`);
    }
  });

  test("the confusion matrix: 2 × 2 for spirals, its diagonal the accuracy `dl run` printed × the examples", async () => {
    const { page, stdout } = await open();
    const printed = /Evaluate spiral_net on spirals\.validation \((\d+) examples\): .*accuracy: ([\d.]+)/.exec(stdout);
    assert.ok(printed, stdout);
    const matrix = await page.$eval("table.confusion", (table) => ({
      rows: [...table.querySelectorAll("tr")]
        .slice(1)
        .map((row) => [...row.querySelectorAll("td")].map((cell) => Number(cell.textContent))),
    }));
    assert.is(matrix.rows.length, 2);
    assert.ok(matrix.rows.every((row) => row.length === 2));
    const total = matrix.rows.flat().reduce((a, b) => a + b, 0);
    const diagonal = matrix.rows[0]![0]! + matrix.rows[1]![1]!;
    assert.is(total, Number(printed![1]));
    // The printed accuracy has 4 decimals.
    assert.ok(Math.abs(diagonal / total - Number(printed![2])) <= 5e-5, `${diagonal}/${total} against ${printed![2]}`);
    assert.is(await page.locator("table.scores tr").count(), 1 + 2);
  });

  test("the diagram is drawn: the input and the 3 layers as boxes on screen, joined by 3 arrows", async () => {
    const { page } = await open();
    const boxes = await page.$$eval(".diagram g.node rect", (rects) =>
      rects.map((r) => r.getBoundingClientRect()).map((b) => [b.width, b.height]),
    );
    assert.is(boxes.length, 4);
    for (const [width, height] of boxes) assert.ok(width! > 40 && height! > 40, `${width} × ${height}`);
    assert.is(await page.locator(".diagram path.edge").count(), 3);
  });

  test("a screenshot of the report is not blank", async () => {
    const { page } = await open();
    const png = await page.screenshot({ fullPage: true });
    // The page reads its own screenshot back through a canvas and counts what is drawn on it (as a
    // string: the project compiles without the DOM library).
    const seen = (await page.evaluate(`(async () => {
      const image = new Image();
      image.src = "data:image/png;base64,${png.toString("base64")}";
      await image.decode();
      const canvas = document.createElement("canvas");
      canvas.width = image.width;
      canvas.height = image.height;
      const context = canvas.getContext("2d");
      context.drawImage(image, 0, 0);
      const { data } = context.getImageData(0, 0, image.width, image.height);
      const colours = new Set();
      let inked = 0;
      for (let i = 0; i < data.length; i += 4) {
        colours.add((data[i] << 16) | (data[i + 1] << 8) | data[i + 2]);
        if (data[i] + data[i + 1] + data[i + 2] < 600) inked++;
      }
      return { width: image.width, height: image.height, colours: colours.size, inked: inked / (data.length / 4) };
    })()`)) as { width: number; height: number; colours: number; inked: number };
    assert.ok(seen.width >= 1000 && seen.height > 900, `${seen.width} × ${seen.height}`);
    assert.ok(seen.colours > 50, `${seen.colours} colours`);
    assert.ok(seen.inked > 0.02, `${(100 * seen.inked).toFixed(1)}% inked`);
  });
}

test.run();
