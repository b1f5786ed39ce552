// `dl run FILE --engine pytorch`: generates the PyTorch program (refusing what it cannot
// generate before anything runs), writes it with its data into a folder, and runs it with
// Python: one process, or N processes of DistributedDataParallel started the way torchrun
// starts them (MASTER_ADDR, MASTER_PORT, RANK, WORLD_SIZE, LOCAL_RANK in each one's
// environment). The program prints dl's log lines and writes dl's weights files itself.
import type { LoadedProgram } from "../../run.ts";
import { UserError } from "../../runtime/user-error.ts";
import { generatePytorch, type ExportOptions } from "./export.ts";
import { installHint } from "./install-hint.ts";

export interface PytorchRunOptions extends ExportOptions {
  /** Processes (DDP ranks); the global batch stays the .dl file's. */
  nproc: number;
  device: "cpu" | "cuda";
  /** Keep the generated program and its data in this folder (created if missing). */
  keep?: string;
  /** Receives the program's log (rank 0's output); default: this process's stdout. */
  log?: (text: string) => void;
}

/** Pythons tried in order: the one on PATH (a virtual environment's), then the system's. */
const pythons = ["python3", "/usr/bin/python3"];

export { installHint };

/** The first Python that imports torch and numpy, or undefined. */
export function findPythonWithTorch(): string | undefined {
  const { spawnSync } = process.getBuiltinModule("node:child_process");
  return pythons.find((python) => spawnSync(python, ["-c", "import torch, numpy"], { stdio: "ignore" }).status === 0);
}

/** Runs the program; resolves when every process ended well, else throws a UserError. */
export async function runPytorch(loaded: LoadedProgram, options: PytorchRunOptions): Promise<void> {
  const { mkdirSync, mkdtempSync, rmSync } = process.getBuiltinModule("node:fs");
  const { tmpdir } = process.getBuiltinModule("node:os");
  const { dirname, join, resolve } = process.getBuiltinModule("node:path");
  const program = generatePytorch(loaded, options);
  if (program.train.batch % options.nproc !== 0) {
    throw new UserError(
      `batch ${program.train.batch} does not split evenly over ${options.nproc} processes`,
      "choose --nproc so that it divides the batch",
    );
  }
  const python = findPythonWithTorch();
  const folder = options.keep ? resolve(options.keep) : mkdtempSync(join(tmpdir(), "dl-pytorch-"));
  try {
    if (options.keep) mkdirSync(folder, { recursive: true });
    if (!python) {
      if (options.keep) await program.write(folder);
      throw new UserError(`PyTorch is not installed${options.keep ? ` (the program is in ${folder})` : ""}`, installHint);
    }
    await program.write(folder);
    const saveDir = dirname(resolve(loaded.file));
    const masterPort = options.nproc > 1 ? await freePort() : undefined;
    const ranks = Array.from({ length: options.nproc }, (_, rank) => startRank(python, folder, rank, options, saveDir, masterPort));
    // A rank that fails leaves the others waiting for it in a collective: stop them.
    const codes = await Promise.all(
      ranks.map(({ exited }) =>
        exited.then((code) => {
          if (code !== 0) for (const other of ranks) other.child.kill();
          return code;
        }),
      ),
    );
    const failed = codes.findIndex((code) => code !== 0);
    if (failed >= 0) {
      throw new UserError(
        `the PyTorch program failed (process ${failed} exited with ${codes[failed]})`,
        options.keep
          ? `the program is in ${folder}: run it there with \`python3 train.py\``
          : "run again with --keep DIR to look at the program",
      );
    }
  } finally {
    if (!options.keep) rmSync(folder, { recursive: true, force: true });
  }
}

/** A port free now, for the ranks to meet on. */
function freePort(): Promise<number> {
  const { createServer } = process.getBuiltinModule("node:net");
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.on("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

function startRank(
  python: string,
  folder: string,
  rank: number,
  options: PytorchRunOptions,
  saveDir: string,
  masterPort: number | undefined,
) {
  const { spawn } = process.getBuiltinModule("node:child_process");
  const world = options.nproc;
  const env = {
    ...process.env,
    ...(masterPort === undefined
      ? {}
      : {
          MASTER_ADDR: "127.0.0.1",
          MASTER_PORT: String(masterPort),
          RANK: String(rank),
          WORLD_SIZE: String(world),
          LOCAL_RANK: String(rank),
          LOCAL_WORLD_SIZE: String(world),
        }),
  };
  // Rank 0 prints the logs; the others' output would repeat them, so only their errors show.
  const child = spawn(python, ["train.py", "--device", options.device, "--save-dir", saveDir], {
    cwd: folder,
    env,
    stdio: ["ignore", rank === 0 ? "pipe" : "ignore", "inherit"],
  });
  const log = options.log ?? ((text: string) => process.stdout.write(text));
  child.stdout?.setEncoding("utf8").on("data", log);
  return { child, exited: new Promise<number>((resolve) => child.on("close", (code) => resolve(code ?? 1))) };
}
