// Formatting as a library call, for `dl fmt [--check|--write] files…`.
import { readFile } from "node:fs/promises";
import * as prettier from "prettier";
import type { Diagnostic } from "../../diagnostics/diagnostic.ts";
import { decode } from "../../grammar/parse.ts";
import { writeFileAtomic, WriteError } from "../../stdlib/files.ts";
import plugin, { DlSyntaxError } from "./plugin.ts";

export type FormatMode = "check" | "write" | "print";

export type FormatFileResult =
  /** `formatted` is the canonical text; in "write" mode a "changed" file has been rewritten. */
  | { path: string; status: "unchanged" | "changed"; formatted: string }
  /** Unreadable, not UTF-8, or a syntax error (then `diagnostic` says where). */
  | { path: string; status: "error"; message: string; diagnostic?: Diagnostic };

/** Canonical text of a .dl program; rejects with a DlSyntaxError when it does not parse. */
export function formatDl(text: string): Promise<string> {
  return prettier.format(text, { parser: "dl", plugins: [plugin] });
}

/** Formats each file in turn; never throws for one bad file, so every file gets a result. */
export async function formatFiles(paths: readonly string[], mode: FormatMode): Promise<FormatFileResult[]> {
  const results: FormatFileResult[] = [];
  for (const path of paths) results.push(await formatFile(path, mode));
  return results;
}

async function formatFile(path: string, mode: FormatMode): Promise<FormatFileResult> {
  let bytes: Uint8Array;
  try {
    bytes = await readFile(path);
  } catch (e) {
    return { path, status: "error", message: (e as Error).message };
  }
  const decoded = decode(bytes);
  if ("diagnostic" in decoded) return { path, status: "error", message: decoded.diagnostic.message, diagnostic: decoded.diagnostic };

  let formatted: string;
  try {
    formatted = await formatDl(decoded.text);
  } catch (e) {
    if (e instanceof DlSyntaxError) return { path, status: "error", message: e.diagnostic.message, diagnostic: e.diagnostic };
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

/** Exit status as Prettier's CLI gives it: 2 on any error, 1 when --check finds unformatted files, else 0. */
export function formatExitCode(results: readonly FormatFileResult[], mode: FormatMode): number {
  if (results.some((r) => r.status === "error")) return 2;
  return mode === "check" && results.some((r) => r.status === "changed") ? 1 : 0;
}
