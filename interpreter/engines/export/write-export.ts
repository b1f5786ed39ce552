// Writes an export whole or not at all: one file through a temporary file and a rename
// (stdlib/files.ts); a folder is filled under a temporary name beside its destination, then
// renamed into place, replacing an earlier export there.
import { writeFileAtomic, WriteError } from "../../../stdlib/files.ts";
import { UserError } from "../../runtime/user-error.ts";
import type { ExportOutput } from "./format.ts";

/** Throws a UserError (DL305) naming the path when it cannot be written. */
export function writeExport(output: ExportOutput, path: string): void {
  try {
    if ("file" in output) writeFileAtomic(path, output.file);
    else writeFolderAtomic(output.folder, path);
  } catch (e) {
    if (e instanceof WriteError) throw new UserError(e.message, undefined, "DL305");
    throw e;
  }
}

function writeFolderAtomic(folder: ReadonlyMap<string, Uint8Array>, path: string): void {
  const { existsSync, mkdirSync, renameSync, rmSync, writeFileSync } = process.getBuiltinModule("node:fs");
  const { dirname, join } = process.getBuiltinModule("node:path");
  const temp = `${path}.tmp-${process.pid}`;
  let created = false;
  try {
    mkdirSync(temp);
    created = true;
    for (const [name, bytes] of folder) {
      mkdirSync(dirname(join(temp, name)), { recursive: true });
      writeFileSync(join(temp, name), bytes);
    }
  } catch (error) {
    if (created) rmSync(temp, { recursive: true, force: true });
    const code = (error as NodeJS.ErrnoException).code;
    throw new WriteError(path, code === "ENOENT" ? "its folder does not exist" : (error as Error).message);
  }
  // A folder cannot be renamed over one that holds files: an earlier export moves aside first.
  const previous = `${path}.old-${process.pid}`;
  if (existsSync(path)) renameSync(path, previous);
  renameSync(temp, path);
  rmSync(previous, { recursive: true, force: true });
}
