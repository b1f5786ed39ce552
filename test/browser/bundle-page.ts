// Bundles the test page (page/main.ts) with esbuild for the browser into `outdir`, next to the
// index.html that loads it. gpu.js comes from the browser test's own package (gpu/, installed by
// `npm ci --prefix test/browser/gpu`) and resolves to its browser build through its `browser` field.
// Nothing the page imports needs a Node built-in (test/interpreter/api-bundle.test.ts holds the API
// to that), so an import of one fails the build, naming the importer.
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { build } from "esbuild";

/** Where the browser test's gpu.js is installed. */
export const GPU_PACKAGES = fileURLToPath(new URL("gpu/node_modules", import.meta.url));

export async function bundlePage(outdir: string): Promise<void> {
  await build({
    entryPoints: [fileURLToPath(new URL("page/main.ts", import.meta.url))],
    outfile: join(outdir, "page.js"),
    bundle: true,
    format: "esm",
    platform: "browser",
    nodePaths: [GPU_PACKAGES],
    target: "es2022",
    logLevel: "silent",
  });
  writeFileSync(
    join(outdir, "index.html"),
    '<!doctype html>\n<meta charset="utf-8">\n<title>dl browser test</title>\n<script type="module" src="/page.js"></script>\n',
  );
}
