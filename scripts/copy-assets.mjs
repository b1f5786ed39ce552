// Copies the files the compiled code reads beside itself and tsc does not emit (the Python that
// every generated PyTorch program imports) into dist/, at the same place as in the sources.
import { cpSync, readdirSync } from "node:fs";
import { join } from "node:path";

const root = new URL("..", import.meta.url).pathname;
const assets = readdirSync(join(root, "interpreter"), { recursive: true, encoding: "utf8" })
  .filter((path) => path.endsWith(".py"))
  .map((path) => join("interpreter", path));
for (const path of assets) cpSync(join(root, path), join(root, "dist", path));
