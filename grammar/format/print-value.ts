// Values and expressions print on one line. The rule for operators: no spaces around
// any binary operator (`1/255`, `hidden/2`, `width*2+1`). Arguments are separated by
// spaces, so an argument that never contains a space reads as one word:
// `layer dense hidden/2 relu`. Parentheses appear only where precedence needs them.
import type { Expression, Value } from "../ast.ts";

export function printValue(value: Value): string {
  switch (value.type) {
    case "String":
      return value.raw;
    case "List":
      return `[${value.items.map(printValue).join(", ")}]`;
    default:
      return printExpression(value);
  }
}

function printExpression(e: Expression): string {
  switch (e.type) {
    case "Number":
      // The raw text, so `1e-3` stays `1e-3`.
      return e.raw;
    case "Identifier":
      return e.name;
    case "Unary":
      return `-${wrap(e.operand, precedence(e.operand) < precedence(e))}`;
    case "Binary": {
      const own = precedence(e);
      // Operators are left-associative: a right operand of equal precedence keeps its parentheses.
      return `${wrap(e.left, precedence(e.left) < own)}${e.operator}${wrap(e.right, precedence(e.right) <= own)}`;
    }
  }
}

function wrap(e: Expression, parenthesize: boolean): string {
  const text = printExpression(e);
  return parenthesize ? `(${text})` : text;
}

function precedence(e: Expression): number {
  if (e.type === "Binary") return e.operator === "+" || e.operator === "-" ? 1 : 2;
  if (e.type === "Unary") return 3;
  return 4;
}
