// Bundles the test page (page/main.ts) with esbuild for the browser into `outdir`, next to the
// index.html that loads it. gpu.js comes from the browser test's own package (gpu/, installed by
// `npm ci --prefix test/browser/gpu`) and resolves to its browser build through its `browser` field.
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { build, type Plugin } from "esbuild";

/**
 * Node built-ins stay outside the bundle and, having no side effects, disappear with the code
 * that used them when the page does not. One still imported after tree shaking would break the
 * page, so the build fails naming it instead.
 */
const nodeBuiltins: Plugin = {
  name: "node-builtins",
  setup(build) {
    build.onResolve({ filter: /^node:/ }, ({ path }) => ({ path, external: true, sideEffects: false }));
  },
};

/** Where the browser test's gpu.js is installed. */
export const GPU_PACKAGES = fileURLToPath(new URL("gpu/node_modules", import.meta.url));

export async function bundlePage(outdir: string): Promise<void> {
  const result = await build({
    entryPoints: [fileURLToPath(new URL("page/main.ts", import.meta.url))],
    outfile: join(outdir, "page.js"),
    bundle: true,
    format: "esm",
    platform: "browser",
    nodePaths: [GPU_PACKAGES],
    target: "es2022",
    plugins: [nodeBuiltins],
    metafile: true,
    logLevel: "silent",
  });
  const leaked = Object.values(result.metafile.outputs).flatMap((output) => output.imports.map((i) => i.path));
  if (leaked.length > 0) {
    const importers = Object.entries(result.metafile.inputs)
      .filter(([, input]) => input.imports.some((i) => leaked.includes(i.path)))
      .map(([file]) => file);
    throw new Error(`the page bundle still imports ${[...new Set(leaked)].join(", ")} (imported by ${importers.join(", ")})`);
  }
  writeFileSync(join(outdir, "index.html"), '<!doctype html>\n<meta charset="utf-8">\n<title>dl browser test</title>\n<script type="module" src="/page.js"></script>\n');
}
