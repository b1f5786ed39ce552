// Writing a file whole or not at all: a temporary file in the same folder, flushed to disk, then
// renamed over the target (and the folder flushed), so an interrupted run never leaves half a
// file behind (weights, checkpoints, formatted sources). The temporary file's name is short and
// fixed per target, so a save killed half-way leaves nothing that the next save of the same file
// does not overwrite and rename away.

/** A file that could not be written, with the reason in words. */
export class WriteError extends Error {
  constructor(
    readonly path: string,
    reason: string,
  ) {
    super(`cannot write ${path}: ${reason}`);
  }
}

/** The suffix of temporary files, which checkpoint folders sweep. */
export const TEMP_SUFFIX = ".dl-tmp";

/** The temporary file a write of `path` goes through: in the same folder, at most 31 bytes long, the same every time. */
export function tempPathFor(path: string): string {
  const { basename, dirname, join } = process.getBuiltinModule("node:path");
  const { createHash } = process.getBuiltinModule("node:crypto");
  return join(dirname(path), `.${createHash("sha256").update(basename(path)).digest("hex").slice(0, 16)}${TEMP_SUFFIX}`);
}

export function writeFileAtomic(path: string, bytes: Uint8Array | string): void {
  // Fetched here, not imported, so that modules which only name WriteError bundle for a web page.
  const { closeSync, fsyncSync, openSync, renameSync, rmSync, writeSync } = process.getBuiltinModule("node:fs");
  const { dirname } = process.getBuiltinModule("node:path");
  if (path.includes("\0")) throw new WriteError(path.replaceAll("\0", "\\0"), "the path contains a NUL character");
  const temp = tempPathFor(path);
  try {
    const fd = openSync(temp, "w");
    try {
      const data = typeof bytes === "string" ? Buffer.from(bytes, "utf8") : bytes;
      for (let done = 0; done < data.length;) done += writeSync(fd, data, done, data.length - done);
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
    renameSync(temp, path);
  } catch (error) {
    try {
      rmSync(temp, { force: true });
    } catch {
      // The reason below says what went wrong; a temp file that cannot be removed is overwritten next time.
    }
    throw new WriteError(path, reason(error));
  }
  syncFolder(dirname(path));
}

/** Flushes the folder's entry for the renamed file, where the system allows opening a folder. */
function syncFolder(folder: string): void {
  const { closeSync, fsyncSync, openSync } = process.getBuiltinModule("node:fs");
  try {
    const fd = openSync(folder, "r");
    try {
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
  } catch {
    // Not every system can open or flush a folder (Windows); the rename itself is still atomic.
  }
}

function reason(error: unknown): string {
  const code = (error as NodeJS.ErrnoException).code;
  const reasons: Record<string, string> = {
    ENOENT: "its folder does not exist",
    EACCES: "permission denied",
    EPERM: "permission denied",
    EROFS: "the file system is read-only",
    EISDIR: "it is a folder",
    ENOTDIR: "a part of the path is a file, not a folder",
    ENOSPC: "the disk is full",
    EDQUOT: "the disk quota is used up",
    ENAMETOOLONG: "the file name is too long (most file systems allow 255 bytes)",
  };
  return (code && reasons[code]) ?? (error as Error).message.split("\n")[0]!;
}
