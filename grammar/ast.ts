// The typed syntax tree of a .dl program. Every node carries its source span, so every
// later stage (checker, shape inference, runtime) can point back at the exact text.
// grammar/ast.schema.json describes the same shapes for tools; a test keeps them in step.

import type { Span } from "../diagnostics/span.ts";

export type { Position, Span } from "../diagnostics/span.ts";

export interface Program {
  type: "Program";
  body: Statement[];
  comments: Comment[];
  span: Span;
}

export interface Comment {
  type: "Comment";
  value: string;
  span: Span;
}

export type Statement = Let | ModelDecl | BlockDecl | DataDecl | TrainStmt | EvaluateStmt | SaveStmt | LoadStmt;

export interface Let {
  type: "Let";
  name: Identifier;
  value: Expression;
  span: Span;
}

export interface ModelDecl {
  type: "Model";
  name: Identifier;
  body: ModelItem[];
  span: Span;
}

export interface BlockDecl {
  type: "Block";
  name: Identifier;
  params: Identifier[];
  body: ModelItem[];
  span: Span;
}

export type ModelItem = InputStmt | LayerStmt | UseStmt | RepeatStmt | ResidualStmt;

export interface InputStmt {
  type: "Input";
  dims: Expression[];
  /** `input 784 as x` names the model's input, so a later layer can take it `from x`. */
  as: Identifier | null;
  span: Span;
}

export interface LayerStmt {
  type: "Layer";
  kind: Identifier;
  args: Value[];
  options: Option[];
  /** `from x`: the layer takes the named output instead of the line above's. */
  from: Identifier | null;
  /** `as h`: names the layer's output for a later `from` or `add`/`concat`. */
  as: Identifier | null;
  span: Span;
}

/** A block used like a layer: `conv_bn 32`. */
export interface UseStmt {
  type: "Use";
  name: Identifier;
  args: Value[];
  options: Option[];
  span: Span;
}

export interface RepeatStmt {
  type: "Repeat";
  count: Expression;
  body: ModelItem[];
  span: Span;
}

export interface ResidualStmt {
  type: "Residual";
  body: ModelItem[];
  span: Span;
}

export interface DataDecl {
  type: "Data";
  name: Identifier;
  settings: Setting[];
  span: Span;
}

export interface TrainStmt {
  type: "Train";
  model: Identifier;
  data: Identifier;
  settings: Setting[];
  span: Span;
}

/** One line of a `data` or `train` body: `optimizer adam lr=0.001`. */
export interface Setting {
  type: "Setting";
  key: Identifier;
  args: Value[];
  options: Option[];
  span: Span;
}

export interface EvaluateStmt {
  type: "Evaluate";
  model: Identifier;
  data: Identifier;
  /** `mnist.test` names the split `test`; null evaluates on the data as a whole. */
  split: Identifier | null;
  span: Span;
}

export interface SaveStmt {
  type: "Save";
  model: Identifier;
  path: StringLiteral;
  span: Span;
}

/** Weights saved by `save`, loaded into a model with the same architecture. */
export interface LoadStmt {
  type: "Load";
  model: Identifier;
  path: StringLiteral;
  span: Span;
}

export interface Option {
  type: "Option";
  key: Identifier;
  value: Value;
  span: Span;
}

export type Value = Expression | StringLiteral | ListLiteral;

export type Expression = NumberLiteral | Identifier | BinaryExpression | UnaryExpression;

export interface Identifier {
  type: "Identifier";
  name: string;
  span: Span;
}

export interface NumberLiteral {
  type: "Number";
  value: number;
  /** The text as written, so the formatter keeps `1e-3` as `1e-3`. */
  raw: string;
  span: Span;
}

export interface StringLiteral {
  type: "String";
  value: string;
  raw: string;
  span: Span;
}

export interface ListLiteral {
  type: "List";
  items: Value[];
  span: Span;
}

export interface BinaryExpression {
  type: "Binary";
  operator: "+" | "-" | "*" | "/";
  left: Expression;
  right: Expression;
  span: Span;
}

export interface UnaryExpression {
  type: "Unary";
  operator: "-";
  operand: Expression;
  span: Span;
}

export type Node = Program | Comment | Statement | ModelItem | Setting | Option | Value;
