// `npm run package:vscode`: bundles the extension (dist/extension.cjs, VS Code loads it with
// require) and the language server (dist/server.mjs, with the parser, checker and printer inside)
// with esbuild, then packs editors/vscode into dl-lang-vscode-<version>.vsix with vsce. The .vsix
// needs nothing installed beside it.
import { spawnSync } from "node:child_process";
import { fileURLToPath } from "node:url";
import { build } from "esbuild";

const folder = fileURLToPath(new URL("../editors/vscode/", import.meta.url));
const common = { bundle: true, platform: "node", target: "node18", minify: true, logLevel: "warning", absWorkingDir: folder };

await build({ ...common, entryPoints: ["extension.ts"], outfile: "dist/extension.cjs", format: "cjs", external: ["vscode"] });
await build({
  ...common,
  entryPoints: ["../lsp/main.ts"],
  outfile: "dist/server.mjs",
  format: "esm",
  // The server's CommonJS dependencies (vscode-languageserver) require Node built-ins.
  banner: { js: 'import { createRequire } from "node:module"; const require = createRequire(import.meta.url);' },
});

const vsce = fileURLToPath(new URL("../node_modules/@vscode/vsce/vsce", import.meta.url));
// The dependencies are bundled, so vsce need not look for node_modules.
const packed = spawnSync(process.execPath, [vsce, "package", "--no-dependencies"], { cwd: folder, stdio: "inherit" });
process.exit(packed.status ?? 1);
