import { DataError } from "./data-error.ts";

/**
 * Reads a data file given as written in the .dl file (relative to `baseDir`), turning
 * file-system failures into a DataError that names the path the user wrote.
 */
export function readDataFile(path: string, baseDir: string): Buffer {
  // Fetched here, not imported: the checker reaches this file through the source registry, and
  // a web page that bundles the checker must not pull in node:fs.
  const { readFileSync } = process.getBuiltinModule("node:fs");
  const { resolve } = process.getBuiltinModule("node:path");
  try {
    return readFileSync(resolve(baseDir, path));
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    const reason =
      code === "ENOENT"
        ? "file not found"
        : code === "EISDIR"
          ? "is a directory, expected a file"
          : code === "EACCES"
            ? "permission denied"
            : `cannot read (${code ?? String(error)})`;
    throw new DataError(reason, path, undefined, code === "ENOENT" ? `looked in ${baseDir}` : undefined);
  }
}
