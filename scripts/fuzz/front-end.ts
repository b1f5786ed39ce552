// The front end's invariants for one input: parse → schema → check → format. No exception
// escapes, every diagnostic has a span inside the text, the tree parse() hands on matches the
// published schema, formatting re-parses to the same tree and is idempotent, and it is quick.
import { hasErrors, type Diagnostic } from "../../diagnostics/diagnostic.ts";
import { renderDiagnostics } from "../../diagnostics/render.ts";
import { formatDl } from "../../grammar/format/format.ts";
import type { Program } from "../../grammar/ast.ts";
import { decode, parse } from "../../grammar/parse.ts";
import { validateAst } from "../../grammar/validate-ast.ts";
import { check } from "../../interpreter/check/check.ts";

/** The bound on one input's `dl check` work, and on each formatting: CPU time, so that a busy machine does not count. */
export const TIME_LIMIT_MS = 1000;

/** A limit far below any machine's, so the fuzzer also exercises the memory refusal. */
const FUZZ_MAX_MEMORY = 1024 ** 3;

/** Why an input broke an invariant; the kind is what the summary counts. */
export class Violation extends Error {
  constructor(
    readonly kind: "crash" | "hang" | "fmt" | "span" | "schema",
    message: string,
  ) {
    super(`${kind}: ${message}`);
  }
}

/**
 * Runs every stage on `text`; throws a Violation for the first invariant it breaks. A slow input
 * is timed a second time before it counts as a hang: the first run may pay for compiling code.
 */
export async function checkFrontEnd(text: string): Promise<void> {
  try {
    await frontEndOnce(text);
  } catch (e) {
    if (!(e instanceof Violation && e.kind === "hang")) throw e;
    await frontEndOnce(text);
  }
}

async function frontEndOnce(text: string): Promise<void> {
  // `dl check`'s work (parse, schema, check) is timed as one; each formatting on its own, as `dl fmt` does it.
  const started = process.cpuUsage();
  const parsed = stage("parse", () => parse(text));
  expectSpans(parsed.diagnostics, text);
  const schemaErrors = stage("validateAst", () => validateAst(parsed.program));
  if (schemaErrors.length > 0) throw new Violation("schema", schemaErrors[0]!);
  const syntaxErrors = hasErrors(parsed.diagnostics);
  const checked = stage("check", () => check(parsed.program, syntaxErrors, { maxMemory: FUZZ_MAX_MEMORY }));
  expectSpans(checked.diagnostics, text);
  stage("render", () => renderDiagnostics([...parsed.diagnostics, ...checked.diagnostics], "fuzz.dl", text));
  expectQuick("parse and check", started);
  if (!syntaxErrors) await expectStableFormat(text, parsed.program);
}

function expectQuick(what: string, started: NodeJS.CpuUsage): void {
  const used = process.cpuUsage(started);
  const elapsed = (used.user + used.system) / 1000;
  if (elapsed > TIME_LIMIT_MS) throw new Violation("hang", `${what} took ${elapsed.toFixed(0)} ms of CPU time`);
}

/** Bytes as `dl` reads a file: decoded (or refused with DL003), then the text's invariants. */
export async function checkFrontEndBytes(bytes: Uint8Array): Promise<void> {
  const decoded = stage("decode", () => decode(bytes));
  if ("text" in decoded) return checkFrontEnd(decoded.text);
  expectSpans([decoded.diagnostic], new TextDecoder().decode(bytes));
}

function stage<T>(name: string, body: () => T): T {
  try {
    return body();
  } catch (e) {
    throw new Violation("crash", `${name} threw ${e instanceof Error ? `${e.name}: ${e.message}` : String(e)}`);
  }
}

/** Offsets within the text (parse() may add a final newline), lines and columns from 1, start before end. */
function expectSpans(diagnostics: readonly Diagnostic[], text: string): void {
  for (const d of diagnostics) {
    for (const span of [d.span, ...d.related.map((r) => r.span)]) {
      const { start, end } = span;
      const valid =
        Number.isInteger(start.offset) &&
        Number.isInteger(end.offset) &&
        start.offset >= 0 &&
        start.offset <= end.offset &&
        end.offset <= text.length + 1 &&
        start.line >= 1 &&
        start.column >= 1 &&
        end.line >= start.line;
      if (!valid) throw new Violation("span", `${d.code} "${d.message}" has span ${JSON.stringify(span)}`);
    }
  }
}

async function expectStableFormat(text: string, program: Program): Promise<void> {
  const formatted = await timedFormat(text);
  const reparsed = parse(formatted);
  if (hasErrors(reparsed.diagnostics)) {
    throw new Violation("fmt", `the formatted text does not parse: ${reparsed.diagnostics[0]!.message}\n${formatted}`);
  }
  const before = JSON.stringify(comparable(program));
  const after = JSON.stringify(comparable(reparsed.program));
  if (before !== after) throw new Violation("fmt", `formatting changed the tree:\n${formatted}`);
  const again = await timedFormat(formatted);
  if (again !== formatted) throw new Violation("fmt", `formatting is not idempotent:\n${formatted}\n---\n${again}`);
}

async function timedFormat(text: string): Promise<string> {
  const started = process.cpuUsage();
  try {
    return await formatDl(text);
  } catch (e) {
    throw new Violation("crash", `formatDl threw ${e instanceof Error ? `${e.name}: ${e.message}` : String(e)}`);
  } finally {
    expectQuick("formatting", started);
  }
}

/** The tree as formatting must keep it: without positions (it moves text) and comments' trailing blanks (it trims them). */
function comparable(program: Program): unknown {
  return withoutSpans({ ...program, comments: program.comments.map((c) => c.value.trimEnd()) });
}

/** Recursive: parse() bounds a tree's depth. */
function withoutSpans(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(withoutSpans);
  if (value && typeof value === "object") {
    return Object.fromEntries(
      Object.entries(value)
        .filter(([key]) => key !== "span")
        .map(([key, child]) => [key, withoutSpans(child)]),
    );
  }
  return value;
}
