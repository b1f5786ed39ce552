// The API is the entry a web page bundles: interpreter/api.ts must reach no Node built-in and not
// Prettier through static imports. Functions that need them fetch them when called
// (process.getBuiltinModule, import()), which this allows.
import { builtinModules } from "node:module";
import { build, type Metafile } from "esbuild";
import { test } from "uvu";
import * as assert from "uvu/assert";

const ENTRY = "interpreter/api.ts";

/** Node built-ins, with or without the `node:` prefix. */
const isNodeBuiltin = (path: string) => path.startsWith("node:") || builtinModules.includes(path);

/** Bundles the API for the browser; built-ins stay outside, so the metafile shows who imports them. */
async function bundleApi(): Promise<Metafile> {
  const result = await build({
    entryPoints: [ENTRY],
    bundle: true,
    write: false,
    format: "esm",
    platform: "browser",
    // gpu.js is an optional peer dependency that only the webgl backend imports, when loaded.
    external: ["gpu.js"],
    plugins: [
      {
        name: "node-builtins",
        setup: (b) => b.onResolve({ filter: /.*/ }, ({ path }) => (isNodeBuiltin(path) ? { path, external: true } : undefined)),
      },
    ],
    metafile: true,
    logLevel: "silent",
  });
  return result.metafile;
}

/** Every module a static import reaches from the entry, each with the chain of importers that leads to it. */
function staticClosure(metafile: Metafile): Map<string, string[]> {
  const chains = new Map<string, string[]>([[ENTRY, [ENTRY]]]);
  const queue = [ENTRY];
  for (const file of queue) {
    for (const imported of metafile.inputs[file]?.imports ?? []) {
      if (imported.kind === "dynamic-import" || chains.has(imported.path)) continue;
      chains.set(imported.path, [...chains.get(file)!, imported.path]);
      if (!imported.external) queue.push(imported.path);
    }
  }
  return chains;
}

test("interpreter/api.ts statically imports no Node built-in and not Prettier", async () => {
  const problems: string[] = [];
  for (const [path, chain] of staticClosure(await bundleApi())) {
    if (isNodeBuiltin(path)) problems.push(`${chain.at(-2)} imports the Node built-in ${path} (${chain.join(" → ")})`);
    else if (path.includes("node_modules/prettier/")) problems.push(`Prettier is bundled statically: ${chain.join(" → ")}`);
  }
  assert.equal(problems, []);
});

test.run();
