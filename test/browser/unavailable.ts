// What a browser suite does where it cannot run: under DL_REQUIRE_BROWSER=1 (CI) it fails,
// elsewhere it is skipped with the reason printed, so a machine without Chromium still passes.
import { existsSync } from "node:fs";
import { join } from "node:path";
import { test } from "uvu";
import * as assert from "uvu/assert";
import { GPU_PACKAGES } from "./bundle-page.ts";
import { CHROMIUM } from "./test-page.ts";

/** Why the pages that train on webgl cannot run here (Chromium with Mesa's GL, gpu.js), or undefined. */
export function webglPageMissing(): string | undefined {
  if (!existsSync(CHROMIUM)) return `${CHROMIUM} is missing (apt-get install -y chromium libegl1 libegl-mesa0 libgl1-mesa-dri)`;
  if (!existsSync(join(GPU_PACKAGES, "gpu.js"))) return "gpu.js is not installed for it (npm ci --prefix test/browser/gpu)";
  return undefined;
}

/** Stands in for `suite`, which cannot run for `reason`. */
export function unavailable(suite: string, reason: string): void {
  if (process.env["DL_REQUIRE_BROWSER"] === "1") {
    test(`${suite} can run (DL_REQUIRE_BROWSER=1)`, () => assert.unreachable(reason));
  } else {
    console.log(`${suite} skipped: ${reason}`);
    test.skip(suite);
  }
}
