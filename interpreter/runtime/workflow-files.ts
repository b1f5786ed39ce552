// What `save` and `load` need of the file system, checked with the program rather than after
// training: a `save` folder exists and may be written, and a `load` file exists, was saved by
// dl and fits its model's architecture.
import { error, type Diagnostic } from "../../diagnostics/diagnostic.ts";
import type { Program, Span } from "../../grammar/ast.ts";
import { DataError } from "../../stdlib/datasets/data-error.ts";
import type { CheckedModel, CheckedProgram } from "../check/checked.ts";
import { BadWeightsFile, WeightsMismatch } from "./errors.ts";
import { architectureHash, differentModelHint, readWeightsMetadata } from "./weights.ts";

/** A diagnostic for each `save` or `load` whose file would fail; paths are relative to the .dl file. */
export function checkWorkflowFiles(program: Program, checked: CheckedProgram, file: string): Diagnostic[] {
  // Fetched here, not imported, so that the API bundles for a web page.
  const { dirname, resolve } = process.getBuiltinModule("node:path");
  const diagnostics: Diagnostic[] = [];
  const saved = new Set<string>();
  for (const statement of program.body) {
    if (statement.type !== "Save" && statement.type !== "Load") continue;
    const path = resolve(dirname(file), statement.path.value);
    if (statement.type === "Save") {
      saved.add(path);
      const overwritten = programFile(path, file, checked, resolve, dirname(file));
      if (overwritten) {
        diagnostics.push(
          error("DL502", `\`save\` would overwrite ${overwritten} with weights`, statement.path.span, {
            label: "not a weights file",
            hints: ['save weights to a file of their own, e.g. `save m "m.safetensors"`'],
          }),
        );
        continue;
      }
      const reason = unwritable(path);
      if (reason) {
        diagnostics.push(
          error("DL305", `cannot write ${statement.path.value}: ${reason.message}`, statement.path.span, {
            label: reason.label,
            hints: ["paths in a .dl file are relative to the file; dl does not create folders"],
          }),
        );
      }
    } else if (!saved.has(path)) {
      // A file that an earlier `save` of this program writes is not there yet.
      const problem = unloadable(path, statement.path.value, checked.models.get(statement.model.name), statement.path.span);
      if (problem) diagnostics.push(problem);
    }
  }
  return diagnostics;
}

/** What of the program a `save` to `path` would destroy: a .dl source, the program itself, or a file its data reads. */
export function programFile(
  path: string,
  file: string,
  checked: CheckedProgram,
  resolve: (...parts: string[]) => string,
  folder: string,
): string | undefined {
  if (path === resolve(file)) return "the program itself";
  if (path.toLowerCase().endsWith(".dl")) return "a .dl source file";
  for (const data of checked.data.values()) {
    for (const value of Object.values(data.source.config)) {
      if (typeof value === "string" && resolve(folder, value) === path) return `the data file of \`${data.name}\``;
    }
  }
  return undefined;
}

function unwritable(path: string): { message: string; label: string } | undefined {
  const { accessSync, constants, statSync } = process.getBuiltinModule("node:fs");
  const { basename, dirname } = process.getBuiltinModule("node:path");
  if (path.includes("\0")) return { message: "the path contains a NUL character", label: "not a valid path" };
  if (Buffer.byteLength(basename(path)) > 255)
    return {
      message: `the file name is ${Buffer.byteLength(basename(path))} bytes long; most file systems allow 255`,
      label: "name too long",
    };
  if (!statSync(dirname(path), { throwIfNoEntry: false })?.isDirectory())
    return { message: "its folder does not exist", label: "no such folder" };
  if (statSync(path, { throwIfNoEntry: false })?.isDirectory()) return { message: "it is a folder", label: "a folder, not a file" };
  try {
    accessSync(dirname(path), constants.W_OK);
  } catch {
    return { message: "permission denied", label: "the folder is not writable" };
  }
  return undefined;
}

/** DL301 for a file that cannot be read, DL302 for one not saved by dl or from another architecture. */
function unloadable(path: string, written: string, model: CheckedModel | undefined, span: Span): Diagnostic | undefined {
  try {
    const metadata = readWeightsMetadata(path);
    if (model && metadata.architecture !== "" && metadata.architecture !== architectureHash(model)) {
      return error(
        "DL302",
        `${written} was saved from a different architecture than model \`${model.name}\` (layer kinds, activations or weight shapes differ)`,
        span,
        {
          label: "does not fit the model",
          hints: [differentModelHint(metadata.source)],
        },
      );
    }
  } catch (e) {
    if (e instanceof DataError)
      return error("DL301", e.message.replace(path, written), span, {
        label: "cannot be loaded",
        hints: ["paths in a .dl file are relative to the file"],
      });
    if (e instanceof BadWeightsFile)
      return error("DL501", e.message.replace(path, written), span, { label: "cannot be loaded", hints: [BadWeightsFile.hint] });
    if (e instanceof WeightsMismatch)
      return error("DL302", e.message.replace(path, written), span, { label: "cannot be loaded", hints: [e.hint] });
    throw e;
  }
  return undefined;
}
