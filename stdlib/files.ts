// Writing a file whole or not at all: a temporary file in the same folder, then a rename, so an
// interrupted run never leaves half a file behind (weights, formatted sources).

/** A file that could not be written, with the reason in words. */
export class WriteError extends Error {
  constructor(
    readonly path: string,
    reason: string,
  ) {
    super(`cannot write ${path}: ${reason}`);
  }
}

export function writeFileAtomic(path: string, bytes: Uint8Array | string): void {
  // Fetched here, not imported, so that modules which only name WriteError bundle for a web page.
  const { renameSync, rmSync, writeFileSync } = process.getBuiltinModule("node:fs");
  const temp = `${path}.tmp-${process.pid}`;
  try {
    writeFileSync(temp, bytes);
    renameSync(temp, path);
  } catch (error) {
    rmSync(temp, { force: true });
    const code = (error as NodeJS.ErrnoException).code;
    const reasons: Record<string, string> = {
      ENOENT: "its folder does not exist",
      EACCES: "permission denied",
      EISDIR: "it is a folder",
      ENOSPC: "the disk is full",
    };
    throw new WriteError(path, (code && reasons[code]) ?? (error as Error).message);
  }
}
