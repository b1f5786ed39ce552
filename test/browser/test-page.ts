// The test page in Debian's Chromium, driven by playwright-core: real WebGL2 through ANGLE on
// Mesa's EGL (no X server needed; plain headless would fall back to SwiftShader), a fresh
// profile, no network, and every console error or page error kept for the test output.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { chromium } from "playwright-core";
import type { PageSteps } from "./page/protocol.ts";

export const CHROMIUM = "/usr/bin/chromium";

export const CHROMIUM_ARGS = [
  "--use-gl=angle",
  "--use-angle=gl-egl",
  "--ignore-gpu-blocklist",
  "--no-sandbox",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
  "--no-first-run",
  "--disable-quic",
];

export interface TestPage {
  /** Runs one of the page's steps and returns its JSON result. */
  call<K extends keyof PageSteps>(step: K, ...args: Parameters<PageSteps[K]>): Promise<Awaited<ReturnType<PageSteps[K]>>>;
  /** Console errors and uncaught page errors so far, oldest first. */
  readonly problems: readonly string[];
  close(): Promise<void>;
}

export async function openTestPage(url: string): Promise<TestPage> {
  const profile = mkdtempSync(join(tmpdir(), "dl-chromium-"));
  const context = await chromium
    .launchPersistentContext(profile, { executablePath: CHROMIUM, args: CHROMIUM_ARGS, headless: true })
    .catch((error: unknown) => {
      rmSync(profile, { recursive: true, force: true });
      throw error;
    });
  const close = async () => {
    await context.close();
    rmSync(profile, { recursive: true, force: true });
  };
  const page = context.pages()[0] ?? (await context.newPage());
  const problems: string[] = [];
  page.on("console", (message) => {
    if (message.type() === "error") problems.push(`console: ${message.text()}`);
  });
  page.on("pageerror", (error) => problems.push(`page error: ${error.stack ?? error.message}`));
  await page.goto(url);
  await page
    .waitForFunction(() => "dlBrowserTest" in globalThis)
    .catch(async (error: Error) => {
      await close();
      throw new Error(`the test page did not start: ${problems.join("\n") || error.message}`);
    });
  return {
    problems,
    call: (step, ...args) =>
      page.evaluate(
        ({ step, args }) =>
          (globalThis as unknown as { dlBrowserTest: Record<string, (...a: unknown[]) => unknown> }).dlBrowserTest[step]!(...args),
        { step, args: args as unknown[] },
      ) as never,
    close,
  };
}
