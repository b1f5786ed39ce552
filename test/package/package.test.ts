// The npm package as a user gets it: `npm pack` (whose prepare script builds dist/ with tsc)
// installed into an empty project, where the `dl` command, a plain .mjs file, a TypeScript project
// and a browser bundle (esbuild, loaded in Chromium) use it, and the language server starts from
// its bin. No tsx and no TypeScript at run time.
import { spawn } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { builtinModules } from "node:module";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { build } from "esbuild";
import { chromium } from "playwright-core";
import { test } from "uvu";
import { createMessageConnection, StreamMessageReader, StreamMessageWriter } from "vscode-jsonrpc/node.js";
import * as assert from "uvu/assert";

const repository = resolve(".");
const project = mkdtempSync(join(tmpdir(), "dl-package-"));
const CHROMIUM = "/usr/bin/chromium";

/** Runs a command to its end and gives its standard output; rejects with all its output when it fails. */
function run(command: string, args: string[], cwd = project): Promise<string> {
  return new Promise((done, fail) => {
    const child = spawn(command, args, { cwd, env: { ...process.env, NO_COLOR: "1" } });
    let stdout = "";
    let output = "";
    child.stdout.on("data", (chunk) => ((stdout += chunk), (output += chunk)));
    child.stderr.on("data", (chunk) => (output += chunk));
    child.on("close", (code) => (code === 0 ? done(stdout) : fail(new Error(`${command} ${args.join(" ")} exited ${code}:\n${output}`))));
  });
}

// One pack and one install for every test below. --prefer-offline: npm's cache serves what it holds
// (everything after the repository's own install), so this needs no network where it has run once.
const installed = (async () => {
  // --silent keeps the prepare script's banner out of the JSON.
  const packed = JSON.parse(await run("npm", ["pack", "--json", "--silent", "--pack-destination", project], repository)) as {
    filename: string;
    entryCount: number;
    size: number;
  }[];
  const tarball = join(project, packed[0]!.filename);
  writeFileSync(join(project, "package.json"), JSON.stringify({ name: "uses-dl", private: true, type: "module" }));
  const started = performance.now();
  await run("npm", ["install", "--prefer-offline", "--no-audit", "--no-fund", tarball]);
  console.log(
    `package: ${packed[0]!.entryCount} files, ${(packed[0]!.size / 1024).toFixed(0)} KB packed, installed in ${((performance.now() - started) / 1000).toFixed(1)}s`,
  );
  return packed[0]!;
})();

test.after(() => rmSync(project, { recursive: true, force: true }));

test("the tarball holds compiled JavaScript with types, no TypeScript sources", async () => {
  const root = join(project, "node_modules/dl-lang");
  await installed;
  assert.ok(existsSync(join(root, "dist/interpreter/api.js")));
  assert.ok(existsSync(join(root, "dist/interpreter/api.d.ts")));
  const manifest = JSON.parse(readFileSync(join(root, "package.json"), "utf8")) as { dependencies: Record<string, string> };
  assert.not.ok("tsx" in manifest.dependencies, "tsx is a run-time dependency");
  assert.not.ok("typescript" in manifest.dependencies, "typescript is a run-time dependency");
});

test("npx dl run xor.dl trains and evaluates; dl export and dl --version work from the package", async () => {
  await installed;
  const manifest = JSON.parse(readFileSync("package.json", "utf8")) as { version: string };
  assert.is((await run("npx", ["dl", "--version"])).trim(), manifest.version);
  writeFileSync(join(project, "xor.dl"), readFileSync("examples/xor.dl"));
  const output = await run("npx", ["dl", "run", "xor.dl"]);
  assert.match(output, "Evaluate xor_net on xor (4 examples): loss:");
  assert.match(output, "accuracy: 1.0000");
  // dl export writes the Python every generated program imports, shipped beside the compiled exporter.
  await run("npx", ["dl", "export", "xor.dl", "--to", "pytorch", "--out", "torch"]);
  assert.match(readFileSync(join(project, "torch/dl_support.py"), "utf8"), "import torch");
});

const xorProgram = readFileSync("examples/xor.dl", "utf8");

test("a plain .mjs file imports dl-lang, checks and trains a program", async () => {
  await installed;
  writeFileSync(
    join(project, "train.mjs"),
    `import { build, check, evaluate, fit, parse, prepareData } from "dl-lang";
const { program } = parse(${JSON.stringify(xorProgram)});
const { program: checked, diagnostics } = check(program);
if (diagnostics.length) throw new Error("unexpected diagnostics");
const data = prepareData(checked.data.get("xor"), "xor.dl");
const model = await build(checked.models.get("xor_net"), { loss: { name: "binary_crossentropy", config: {} }, seed: 1 });
await fit(model, data.splits.train, undefined, { optimizer: { name: "adam", config: { lr: 0.05 } }, metrics: ["accuracy"], epochs: 300, batch: 4, seed: 1, shuffle: true });
console.log(JSON.stringify(await evaluate(model, data.splits.train, { batch: 4, metrics: ["accuracy"] })));
`,
  );
  const logs = JSON.parse(await run("node", ["train.mjs"])) as { loss: number; accuracy: number };
  assert.is(logs.accuracy, 1);
  assert.ok(logs.loss < 0.01);
});

test("tsc type-checks a TypeScript file against the package's types, and rejects a wrong call", async () => {
  await installed;
  writeFileSync(
    join(project, "tsconfig.json"),
    JSON.stringify({
      compilerOptions: {
        target: "ES2022",
        module: "NodeNext",
        moduleResolution: "NodeNext",
        strict: true,
        noEmit: true,
        skipLibCheck: false,
        types: [],
        typeRoots: [],
      },
    }),
  );
  // The wrong call carries a ts-expect-error comment: tsc fails if it type-checks, so the types are real, not `any`.
  writeFileSync(
    join(project, "use.ts"),
    `import { build, check, parse, summarize, type CheckedModel, type Diagnostic } from "dl-lang";
const { program, diagnostics } = parse("model m {\\n  input 2\\n  layer dense 1\\n}\\n");
const problems: Diagnostic[] = [...diagnostics, ...check(program).diagnostics];
const model: CheckedModel | undefined = check(program).program.models.get("m");
if (model) console.log(summarize(model), (await build(model, { loss: { name: "mse", config: {} } })).model.name, problems.length);
// @ts-expect-error: a model is required, and so is a loss
await build(undefined, { seed: 1 });
`,
  );
  await run("node", [join(repository, "node_modules/typescript/bin/tsc"), "-p", "."]);
});

test("dl-language-server answers over stdio from the installed package", async () => {
  await installed;
  const server = spawn(join(project, "node_modules/.bin/dl-language-server"), [], { cwd: project, stdio: ["pipe", "pipe", "inherit"] });
  const client = createMessageConnection(new StreamMessageReader(server.stdout), new StreamMessageWriter(server.stdin));
  client.listen();
  try {
    const uri = "file:///xor.dl";
    const result: { serverInfo: { name: string } } = await client.sendRequest("initialize", {
      processId: null,
      rootUri: null,
      capabilities: {},
    });
    assert.is(result.serverInfo.name, "dl-language-server");
    client.sendNotification("textDocument/didOpen", { textDocument: { uri, languageId: "dl", version: 1, text: xorProgram } });
    const hover: { contents: { value: string } } = await client.sendRequest("textDocument/hover", {
      textDocument: { uri },
      position: { line: 4, character: 10 },
    });
    assert.match(hover.contents.value, "output `(None, 8)`");
    await client.sendRequest("shutdown");
    client.sendNotification("exit");
    await new Promise((done) => server.on("exit", done));
  } finally {
    client.dispose();
    server.kill();
  }
});

/** The browser page: check, summarize and train XOR from arrays on the cpu backend. */
const page = `import { build, check, evaluate, fit, parse, summarize } from "dl-lang";
const { program } = parse(${JSON.stringify(xorProgram)});
const { program: checked } = check(program);
const model = checked.models.get("xor_net");
const runtime = await build(model, { loss: { name: "binary_crossentropy", config: {} }, seed: 1 });
const xor = { features: Float32Array.of(0, 0, 0, 1, 1, 0, 1, 1), featureShape: [2], labels: Float32Array.of(0, 1, 1, 0), labelShape: [], count: 4, classes: ["0", "1"], numClasses: 2 };
await fit(runtime, xor, undefined, { optimizer: { name: "adam", config: { lr: 0.05 } }, metrics: ["accuracy"], epochs: 300, batch: 4, seed: 1, shuffle: true });
globalThis.result = { summary: summarize(model), logs: await evaluate(runtime, xor, { batch: 4, metrics: ["accuracy"] }) };
`;

test("esbuild bundles the browser entry without Node built-ins; it checks and trains in Chromium", async () => {
  await installed;
  writeFileSync(join(project, "page.mjs"), page);
  const reached: string[] = [];
  const bundled = await build({
    absWorkingDir: project,
    entryPoints: ["page.mjs"],
    bundle: true,
    write: false,
    format: "esm",
    platform: "browser",
    // gpu.js is an optional peer dependency that only the webgl backend imports, when loaded.
    external: ["gpu.js"],
    plugins: [
      {
        name: "node-builtins",
        setup: (b) =>
          b.onResolve({ filter: /.*/ }, ({ path, kind }) => {
            if (!path.startsWith("node:") && !builtinModules.includes(path)) return undefined;
            reached.push(`${kind} ${path}`);
            return { path, external: true };
          }),
      },
    ],
    logLevel: "silent",
  });
  assert.equal(reached, [], "Node built-ins reached from the browser entry");
  if (!existsSync(CHROMIUM)) {
    if (process.env["DL_REQUIRE_BROWSER"] === "1") assert.unreachable(`${CHROMIUM} is missing`);
    console.log(`package: the page is bundled; running it is skipped (${CHROMIUM} is missing)`);
    return;
  }
  const browser = await chromium.launch({
    executablePath: CHROMIUM,
    args: ["--no-sandbox", "--disable-background-networking", "--disable-component-update", "--no-first-run"],
  });
  try {
    const tab = await browser.newPage();
    const errors: string[] = [];
    tab.on("pageerror", (error) => errors.push(error.message));
    await tab.addScriptTag({ type: "module", content: bundled.outputFiles[0]!.text });
    await tab
      .waitForFunction(() => "result" in globalThis || false, undefined, { timeout: 60_000 })
      .catch(() => assert.unreachable(errors.join("\n") || "the page gave no result"));
    const result = (await tab.evaluate(() => (globalThis as unknown as { result: unknown }).result)) as {
      summary: string;
      logs: { accuracy: number };
    };
    assert.match(result.summary, 'Model: "xor_net"');
    assert.is(result.logs.accuracy, 1);
  } finally {
    await browser.close();
  }
});

test.run();
