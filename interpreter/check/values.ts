// Turns what the user wrote (numbers, names, expressions, lists) into typed values,
// or into a diagnostic that says what was expected.
import type { Expression, Value } from "../../grammar/ast.ts";
import { error, type Diagnostic } from "../../diagnostics/diagnostic.ts";
import { didYouMean } from "../../diagnostics/suggest.ts";
import type { ConfigValue } from "../../stdlib/spec.ts";
import { describeType, type ValueType } from "../../stdlib/values.ts";

/** `let` constants and block parameters; undefined for a `let` whose value has a mistake. */
export type Constants = ReadonlyMap<string, number | undefined>;

/** Without a diagnostic, the failure follows from a mistake already reported (a constant whose `let` is wrong). */
export type Result<T> = { ok: true; value: T } | { ok: false; diagnostic?: Diagnostic };

const ok = <T>(value: T): Result<T> => ({ ok: true, value });
const fail = <T>(diagnostic: Diagnostic): Result<T> => ({ ok: false, diagnostic });

export function evaluateConstant(expr: Expression, constants: Constants): Result<number> {
  switch (expr.type) {
    case "Number":
      return ok(expr.value);
    case "Identifier": {
      const value = constants.get(expr.name);
      if (value !== undefined) return ok(value);
      if (constants.has(expr.name)) return { ok: false };
      const hint = didYouMean(expr.name, constants.keys());
      return fail(
        error("DL101", `unknown constant \`${expr.name}\``, expr.span, {
          label: "not defined",
          hints: [hint ?? `define it first: \`let ${expr.name} = …\``],
        }),
      );
    }
    case "Unary": {
      const operand = evaluateConstant(expr.operand, constants);
      return operand.ok ? ok(-operand.value) : operand;
    }
    case "Binary": {
      const left = evaluateConstant(expr.left, constants);
      if (!left.ok) return left;
      const right = evaluateConstant(expr.right, constants);
      if (!right.ok) return right;
      if (expr.operator === "/" && right.value === 0) return fail(error("DL106", "division by zero", expr.span));
      const ops = {
        "+": (a: number, b: number) => a + b,
        "-": (a: number, b: number) => a - b,
        "*": (a: number, b: number) => a * b,
        "/": (a: number, b: number) => a / b,
      };
      const result = ops[expr.operator](left.value, right.value);
      if (!Number.isFinite(result))
        return fail(error("DL401", "the result is too large to represent", expr.span, { label: `this is ${result}` }));
      return ok(result);
    }
  }
}

/** Converts a value to the expected type; `what` names it in messages ("`units` of `dense`"). */
export function convert(value: Value, type: ValueType, constants: Constants, what: string): Result<ConfigValue> {
  const wrong = (found: string, hints: string[] = []) =>
    fail<ConfigValue>(
      error("DL106", `${what} must be ${describeType(type)}, found ${found}`, value.span, {
        label: `expected ${describeType(type)}`,
        hints,
      }),
    );

  switch (type.kind) {
    case "string":
      return value.type === "String" ? ok(value.value) : wrong(describeValue(value), ["put the text in double quotes"]);
    case "name":
      if (value.type === "Identifier" || value.type === "String") return ok(value.type === "String" ? value.value : value.name);
      return wrong(describeValue(value));
    case "bool":
      if (value.type === "Identifier" && (value.name === "true" || value.name === "false")) return ok(value.name === "true");
      return wrong(describeValue(value));
    case "choice": {
      const options = type.values();
      // Quotes are allowed around a word (`padding="same"`), as for names.
      const word = value.type === "Identifier" ? value.name : value.type === "String" ? value.value : undefined;
      if (word !== undefined && options.includes(word)) return ok(word);
      const canonical = word === undefined ? undefined : type.aliases?.[word];
      if (canonical !== undefined) return ok(canonical);
      if (word === undefined) return wrong(describeValue(value));
      const hint = didYouMean(word, options);
      return fail(
        error("DL106", `unknown ${type.what.replace(/^an? /, "")} \`${word}\` for ${what}`, value.span, {
          label: `not ${type.what}`,
          hints: [hint ?? `choose one of: ${options.join(", ")}`],
        }),
      );
    }
    case "ints": {
      if (value.type === "List") {
        if (value.items.length !== type.length) return wrong(`a list of ${value.items.length}`);
        const items: number[] = [];
        for (const item of value.items) {
          const converted = convert(item, { kind: "int", min: type.min }, constants, what);
          if (!converted.ok) return converted;
          items.push(converted.value as number);
        }
        return ok(items);
      }
      return convert(value, { kind: "int", min: type.min }, constants, what);
    }
    case "int":
    case "number": {
      if (value.type === "String" || value.type === "List") return wrong(describeValue(value));
      const number = evaluateConstant(value, constants);
      if (!number.ok) return number;
      const n = number.value;
      // An upper bound keeps a typo (`epochs 1e20`) from running for ever or filling memory.
      if (type.max !== undefined && !(type.kind === "number" && type.maxExclusive) && n > type.max) {
        return fail(
          error("DL106", `${what} may be at most ${type.max.toLocaleString("en-US")}, found ${n}`, value.span, {
            label: "too large",
            hints: ["see docs/limits.md for the limits"],
          }),
        );
      }
      if (type.kind === "int") {
        if (!Number.isInteger(n) || n < type.min) return wrong(String(n));
        if (!Number.isSafeInteger(n)) return wrong(String(n), ["whole numbers are exact only up to 2^53 = 9,007,199,254,740,992"]);
      }
      if (type.kind === "number") {
        // A rate or scale of 0 or less would do nothing, or the opposite of what is meant.
        if (type.minExclusive && type.min !== undefined && n <= type.min) {
          return fail(error("DL106", `${what} must be above ${type.min}, found ${n}`, value.span, { label: "too small" }));
        }
        const tooLow = type.min !== undefined && n < type.min;
        const tooHigh = type.max !== undefined && (type.maxExclusive ? n >= type.max : n > type.max);
        if (tooLow || tooHigh || !Number.isFinite(n)) return wrong(String(n));
      }
      return ok(n);
    }
  }
}

function describeValue(value: Value): string {
  switch (value.type) {
    case "String":
      return `the string ${value.raw}`;
    case "List":
      return "a list";
    case "Identifier":
      return `\`${value.name}\``;
    default:
      return "a number";
  }
}
