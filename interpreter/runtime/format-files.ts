// Formatting files in place or as a check, for `dl fmt [--check|--write] files…`.
import type { Diagnostic } from "../../diagnostics/diagnostic.ts";
import { DlSyntaxError } from "../../grammar/format/dl-syntax-error.ts";
import { formatDl } from "../../grammar/format/format.ts";
import { decode, parse } from "../../grammar/parse.ts";
import { writeFileAtomic, WriteError } from "../../stdlib/files.ts";

export type FormatMode = "check" | "write" | "print";

export type FormatFileResult =
  /** `formatted` is the canonical text; in "write" mode a "changed" file has been rewritten. */
  | { path: string; status: "unchanged" | "changed"; formatted: string }
  /** Unreadable, not UTF-8, or syntax errors (then `diagnostics` holds every one, with `source` to render them against). */
  | { path: string; status: "error"; message: string; diagnostics?: Diagnostic[]; source?: string };

/** Formats each file in turn; never throws for one bad file, so every file gets a result. */
export async function formatFiles(paths: readonly string[], mode: FormatMode): Promise<FormatFileResult[]> {
  const results: FormatFileResult[] = [];
  for (const path of paths) results.push(await formatFile(path, mode));
  return results;
}

async function formatFile(path: string, mode: FormatMode): Promise<FormatFileResult> {
  // Fetched here, not imported, so that the API bundles for a web page.
  const { readFile } = process.getBuiltinModule("node:fs/promises");
  let bytes: Uint8Array;
  try {
    bytes = await readFile(path);
  } catch (e) {
    return { path, status: "error", message: (e as Error).message };
  }
  const decoded = decode(bytes);
  if ("diagnostic" in decoded) return { path, status: "error", message: decoded.diagnostic.message, diagnostics: [decoded.diagnostic] };
  // Every syntax error, as `dl check` reports them (the formatter itself stops at the first).
  const errors = parse(decoded.text).diagnostics.filter((d) => d.severity === "error");
  if (errors.length) return { path, status: "error", message: errors[0]!.message, diagnostics: errors, source: decoded.text };

  let formatted: string;
  try {
    formatted = await formatDl(decoded.text);
  } catch (e) {
    if (e instanceof DlSyntaxError)
      return { path, status: "error", message: e.diagnostic.message, diagnostics: [e.diagnostic], source: decoded.text };
    throw e;
  }
  const changed = formatted !== decoded.text;
  if (changed && mode === "write") {
    try {
      writeFileAtomic(path, formatted);
    } catch (e) {
      if (e instanceof WriteError) return { path, status: "error", message: e.message };
      throw e;
    }
  }
  return { path, status: changed ? "changed" : "unchanged", formatted };
}
