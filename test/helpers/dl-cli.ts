// Runs the `dl` command from source as users run it (`node bin/dl.js ARGS` in a folder), with
// colour off so the tests can compare its output as text.
import { spawn } from "node:child_process";
import { join } from "node:path";
import { fileURLToPath } from "node:url";

const root = fileURLToPath(new URL("../..", import.meta.url));
// FORCE_COLOR would outrank NO_COLOR, with a warning on stderr.
const { FORCE_COLOR: _, ...parentEnv } = process.env;
const env = { ...parentEnv, NO_COLOR: "1" };

export interface DlRun {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** `dl ARGS` run in `cwd`: its exit code and everything it printed. */
export function dl(cwd: string, ...args: string[]): Promise<DlRun> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [join(root, "bin/dl.js"), ...args], { cwd, env });
    let stdout = "";
    let stderr = "";
    child.stdout.setEncoding("utf8").on("data", (chunk: string) => (stdout += chunk));
    child.stderr.setEncoding("utf8").on("data", (chunk: string) => (stderr += chunk));
    child.on("error", reject);
    child.on("close", (code) => resolve({ code, stdout, stderr }));
  });
}
