// Reads a .dl file and runs it through parse and check, collecting every diagnostic.
import { byPosition, error, hasErrors, type Diagnostic } from "../../diagnostics/diagnostic.ts";
import { validateAst } from "../../grammar/validate-ast.ts";
import { decode, MAX_SOURCE_BYTES, parse, tooLarge } from "../../grammar/parse.ts";
import type { Program } from "../../grammar/ast.ts";
import { check } from "../check/check.ts";
import type { CheckedProgram } from "../check/checked.ts";
import { checkWorkflowFiles } from "./workflow-files.ts";
import { UserError } from "./user-error.ts";

export interface LoadResult {
  file: string;
  source: string;
  program?: Program;
  checked?: CheckedProgram;
  diagnostics: Diagnostic[];
}

/** The file's text, or a diagnostic (with the text decoded leniently, so the excerpt can still show the line). */
function readSource(file: string): { source: string; diagnostic?: Diagnostic } {
  // Fetched here, not imported, so that the API bundles for a web page.
  const { readFileSync } = process.getBuiltinModule("node:fs");
  let bytes: Buffer;
  try {
    bytes = readFileSync(file);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    const reason = code === "ENOENT" ? "no such file" : code === "EISDIR" ? "it is a folder" : (e as Error).message;
    throw new UserError(`${file}: cannot read: ${reason}`);
  }
  if (bytes.length > MAX_SOURCE_BYTES) return { source: "", diagnostic: tooLarge(bytes.length) };
  const decoded = decode(bytes);
  return "text" in decoded ? { source: decoded.text } : { source: new TextDecoder().decode(bytes), diagnostic: decoded.diagnostic };
}

/** Parses and checks. Statements with syntax errors are left out of the AST, so checking the rest still finds its mistakes. */
export function loadProgram(file: string, options: { check: boolean; maxMemory?: number } = { check: true }): LoadResult {
  const read = readSource(file);
  if (read.diagnostic) return { file, source: read.source, diagnostics: [read.diagnostic] };
  const parsed = parse(read.source);
  const loaded: LoadResult = { file, source: read.source, program: parsed.program, diagnostics: parsed.diagnostics };
  // The AST is checked against its published schema, so tools reading `dl ast` can rely on it.
  const schemaErrors = validateAst(parsed.program);
  if (schemaErrors.length) {
    loaded.diagnostics.push(
      error("DL010", `the syntax tree does not match grammar/ast.schema.json: ${schemaErrors[0]}`, parsed.program.span, {
        hints: ["this is a bug in dl; please report it with the file"],
      }),
    );
    return loaded;
  }
  if (options.check) {
    const checked = check(parsed.program, hasErrors(parsed.diagnostics), options.maxMemory ? { maxMemory: options.maxMemory } : {});
    loaded.checked = checked.program;
    loaded.diagnostics = [...loaded.diagnostics, ...checked.diagnostics, ...checkWorkflowFiles(parsed.program, checked.program, file)].sort(
      byPosition,
    );
  }
  return loaded;
}
