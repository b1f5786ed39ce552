// Matches positional arguments and key=value options against a spec (any stdlib entry's, or a
// setting's), fills in defaults, and reports every mismatch. The config it returns uses the
// canonical names (learning_rate for `lr=`), so nothing after the checker renames anything.
import type { Option, Span, Value } from "../../grammar/ast.ts";
import { error, type Diagnostic } from "../../diagnostics/diagnostic.ts";
import { didYouMean } from "../../diagnostics/suggest.ts";
import type { ArgSpec, Config, ConfigValue } from "../../stdlib/spec.ts";
import { convert, type Constants } from "./values.ts";

export interface BindInput {
  /** "layer `dense`", "optimizer `adam`": used in messages. */
  what: string;
  args: readonly Value[];
  options: readonly Option[];
  span: Span;
  /** A language setting (`epochs 10`): its value is named by the setting, not by the argument's internal name. */
  setting?: boolean;
}

export interface BindSpec {
  args: readonly ArgSpec[];
  options: readonly ArgSpec[];
}

/**
 * Returns the config, or undefined when a value is missing or unusable. An unknown or
 * repeated option is reported but still yields a config, so checking can go on past it.
 */
export function bind(input: BindInput, spec: BindSpec, constants: Constants, diagnostics: Diagnostic[]): Config | undefined {
  const config: Record<string, ConfigValue> = {};
  // Written, even if with a mistake: a value that failed is not also reported as missing.
  const written = new Set<string>();
  let usable = true;
  const before = diagnostics.length;
  const required = [...spec.args, ...spec.options].filter((a) => a.default === undefined);

  const firstOption = input.options[0];
  input.args.forEach((value, index) => {
    const variadic = spec.args.at(-1)?.variadic ? spec.args.at(-1) : undefined;
    const arg = spec.args[index] ?? variadic;
    if (firstOption && value.span.start.offset > firstOption.span.start.offset) {
      diagnostics.push(
        error("DL104", `positional value after the option \`${firstOption.key.name}=…\``, value.span, {
          label: "positional values come first",
          hints: [usage(input.what, spec)],
        }),
      );
      usable = false;
      return;
    }
    const skipped = arg && skippedArgument(value, index, arg, spec.args, constants);
    if (skipped) {
      diagnostics.push(
        error("DL104", `${input.what} needs \`${arg.name}\` (${arg.doc}) before \`${skipped.value}\``, value.span, {
          label: `this is the \`${skipped.for}\``,
          hints: [usage(input.what, spec)],
        }),
      );
      usable = false;
      return;
    }
    if (!arg) {
      diagnostics.push(
        error("DL104", `${input.what} takes ${countWords(spec.args.length)}, found ${input.args.length}`, value.span, {
          label: "extra argument",
          hints: [usage(input.what, spec)],
        }),
      );
      usable = false;
      return;
    }
    written.add(arg.name);
    const converted = convert(value, arg.type, constants, input.setting ? input.what : `\`${arg.name}\` of ${input.what}`);
    if (!converted.ok) {
      if (converted.diagnostic) diagnostics.push(withDoc(converted.diagnostic, arg, input));
      usable = false;
      return;
    }
    if (arg.variadic) config[arg.name] = [...((config[arg.name] as number[] | undefined) ?? []), converted.value as number];
    else config[arg.name] = converted.value;
  });

  for (const option of input.options) {
    const key = option.key.name;
    const optionSpec = [...spec.options, ...spec.args.filter((a) => !a.variadic)].find((o) => o.name === key || o.aliases?.includes(key));
    if (!optionSpec) {
      const hint = didYouMean(
        key,
        [...spec.options, ...spec.args].flatMap((o) => [o.name, ...(o.aliases ?? [])]),
      );
      const known = spec.options.map((o) => o.name);
      diagnostics.push(
        error("DL105", `${input.what} has no option \`${key}\``, option.key.span, {
          label: "unknown option",
          hints: [hint ?? (known.length ? `its options are: ${known.join(", ")}` : `${input.what} takes no options`)],
        }),
      );
      continue;
    }
    if (optionSpec.name in config) {
      diagnostics.push(error("DL102", `\`${key}\` of ${input.what} is given twice`, option.span, { label: "given again here" }));
      continue;
    }
    written.add(optionSpec.name);
    const converted = convert(option.value, optionSpec.type, constants, `\`${key}\` of ${input.what}`);
    if (converted.ok) config[optionSpec.name] = converted.value;
    else {
      if (converted.diagnostic) diagnostics.push(withDoc(converted.diagnostic, optionSpec, input));
      usable = false;
    }
  }

  for (const arg of required) {
    if (!(arg.name in config) && !written.has(arg.name) && diagnostics.length === before) {
      diagnostics.push(
        input.setting
          ? error("DL104", `${input.what} needs a value (${arg.doc})`, input.span, {
              label: "missing value",
              hints: [usage(input.what, spec)],
            })
          : error("DL104", `${input.what} needs \`${arg.name}\` (${arg.doc})`, input.span, {
              label: `missing \`${arg.name}\``,
              hints: [usage(input.what, spec)],
            }),
      );
    }
    if (!(arg.name in config)) usable = false;
  }
  for (const spec_ of [...spec.args, ...spec.options]) {
    if (!(spec_.name in config) && spec_.default !== undefined && spec_.default !== null) config[spec_.name] = spec_.default;
  }
  return usable ? config : undefined;
}

/** A value of the wrong type or range without a better hint gets what the value is for. */
function withDoc(diagnostic: Diagnostic, arg: ArgSpec, input: BindInput): Diagnostic {
  if (diagnostic.hints.length > 0) return diagnostic;
  const example = arg.doc.startsWith("e.g. ") ? arg.doc.slice(5) : undefined;
  if (input.setting && example) diagnostic.hints.push(`e.g. \`${input.what.replace(/`/g, "")} ${example}\``);
  else diagnostic.hints.push(example ? arg.doc : `\`${arg.name}\`: ${arg.doc}`);
  return diagnostic;
}

/** `layer dense relu`: a word meant for a later argument, written where a number belongs. */
function skippedArgument(
  value: Value,
  index: number,
  arg: ArgSpec,
  args: readonly ArgSpec[],
  constants: Constants,
): { value: string; for: string } | undefined {
  if (value.type !== "Identifier" || constants.has(value.name) || (arg.type.kind !== "int" && arg.type.kind !== "number")) return undefined;
  const later = args.slice(index + 1).find((a) => a.type.kind === "choice" && a.type.values().includes(value.name));
  return later ? { value: value.name, for: later.name } : undefined;
}

function countWords(n: number): string {
  return n === 0 ? "no positional arguments" : n === 1 ? "1 positional argument" : `${n} positional arguments`;
}

function usage(what: string, spec: BindSpec): string {
  const args = spec.args.map((a) =>
    a.variadic ? `${a.name.toUpperCase()}…` : a.default === undefined ? a.name.toUpperCase() : `[${a.name.toUpperCase()}]`,
  );
  const options = spec.options.map((o) => `${o.name}=…`);
  return `usage: ${[what.replace(/`/g, ""), ...args, ...options].join(" ")}`;
}
