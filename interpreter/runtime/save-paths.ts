// What `save` needs of the file system, checked with the program rather than after training:
// the folder exists and may be written, and the path is not a folder itself.
import { error, type Diagnostic } from "../../diagnostics/diagnostic.ts";
import type { Program } from "../../grammar/ast.ts";

/** A DL305 for each `save` whose file could not be written; paths are relative to the .dl file. */
export function checkSavePaths(program: Program, file: string): Diagnostic[] {
  // Fetched here, not imported, so that the API bundles for a web page.
  const { accessSync, constants, statSync } = process.getBuiltinModule("node:fs");
  const { dirname, resolve } = process.getBuiltinModule("node:path");
  const diagnostics: Diagnostic[] = [];
  for (const statement of program.body) {
    if (statement.type !== "Save") continue;
    const written = statement.path.value;
    const path = resolve(dirname(file), written);
    const folder = statSync(dirname(path), { throwIfNoEntry: false });
    let reason: [string, string] | undefined;
    if (!folder?.isDirectory()) reason = ["its folder does not exist", "no such folder"];
    else if (statSync(path, { throwIfNoEntry: false })?.isDirectory()) reason = ["it is a folder", "a folder, not a file"];
    else {
      try {
        accessSync(dirname(path), constants.W_OK);
      } catch {
        reason = ["permission denied", "the folder is not writable"];
      }
    }
    if (reason) {
      diagnostics.push(
        error("DL305", `cannot write ${written}: ${reason[0]}`, statement.path.span, {
          label: reason[1],
          hints: ["paths in a .dl file are relative to the file; dl does not create folders"],
        }),
      );
    }
  }
  return diagnostics;
}
