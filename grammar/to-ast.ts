// CST → AST: turns the parser's concrete tree into the typed nodes of ast.ts.
// After error recovery a CST node can lack children; such statements are dropped here
// (their syntax error has already been reported), so later stages see only whole nodes.
import type { CstElement, CstNode, IToken } from "chevrotain";
import { error, type Diagnostic } from "../diagnostics/diagnostic.ts";
import { didYouMean } from "../diagnostics/suggest.ts";
import type * as ast from "./ast.ts";
import { topLevelKeywords } from "./keywords.ts";
import { parser } from "./parser.ts";

type Children = Record<string, CstElement[] | undefined>;

class Incomplete extends Error {}

const BaseVisitor = parser.getBaseCstVisitorConstructor();

function node(children: Children, key: string, index = 0): CstNode {
  const found = children[key]?.[index];
  if (!found || !("children" in found)) throw new Incomplete(key);
  return found;
}

function token(children: Children, key: string, index = 0): IToken {
  const found = children[key]?.[index];
  if (!found || "children" in found || Number.isNaN(found.startOffset) || found.isInsertedInRecovery) throw new Incomplete(key);
  return found;
}

function nodes(children: Children, key: string): CstNode[] {
  return (children[key] ?? []).filter((c): c is CstNode => "children" in c);
}

function tokens(children: Children, key: string): IToken[] {
  return (children[key] ?? []).filter((c): c is IToken => !("children" in c));
}

export function tokenSpan(t: IToken): ast.Span {
  return {
    start: { offset: t.startOffset, line: t.startLine ?? 1, column: t.startColumn ?? 1 },
    end: { offset: (t.endOffset ?? t.startOffset) + 1, line: t.endLine ?? 1, column: (t.endColumn ?? 1) + 1 },
  };
}

function join(first: ast.Span, last: ast.Span): ast.Span {
  return { start: first.start, end: last.end };
}

/** A statement's span ends at its last real token, not at the newline that ends it. */
function spanOf(cst: CstNode): ast.Span {
  let first: IToken | undefined;
  let last: IToken | undefined;
  const visit = (n: CstNode): void => {
    for (const key in n.children) {
      for (const child of n.children[key]!) {
        if ("children" in child) {
          visit(child);
        } else if (child.tokenType.name !== "Newline" && !child.isInsertedInRecovery && !Number.isNaN(child.startOffset)) {
          if (!first || child.startOffset < first.startOffset) first = child;
          if (!last || child.startOffset > last.startOffset) last = child;
        }
      }
    }
  };
  visit(cst);
  if (!first || !last) throw new Incomplete("empty");
  return join(tokenSpan(first), tokenSpan(last));
}

function identifier(t: IToken): ast.Identifier {
  return { type: "Identifier", name: t.image, span: tokenSpan(t) };
}

function unquote(raw: string): string {
  return raw.slice(1, -1).replace(/\\(.)/g, (_, c: string) => (c === "n" ? "\n" : c === "t" ? "\t" : c));
}

class AstBuilder extends BaseVisitor {
  diagnostics: Diagnostic[] = [];

  constructor() {
    super();
    this.validateVisitor();
  }

  program(c: Children, comments: ast.Comment[]): ast.Program {
    const body = nodes(c, "statement").flatMap((s) => this.optional<ast.Statement>(s));
    const end = body.at(-1)?.span.end ?? { offset: 0, line: 1, column: 1 };
    return { type: "Program", body, comments, span: { start: { offset: 0, line: 1, column: 1 }, end } };
  }

  /** Visits a child, handing it its own CST node so it can compute its span. */
  private build(cst: CstNode): any {
    return this.visit(cst, cst);
  }

  /** Visits a statement, or drops it when recovery left it incomplete. */
  private optional<T>(cst: CstNode): T[] {
    try {
      return [this.build(cst) as T];
    } catch (e) {
      if (e instanceof Incomplete) return [];
      throw e;
    }
  }

  statement(c: Children): ast.Statement {
    const [only] = Object.values(c).flat() as CstNode[];
    return this.build(only!) as ast.Statement;
  }

  unknownStatement(c: Children): never {
    const word = token(c, "Identifier");
    const hint = didYouMean(word.image, topLevelKeywords);
    this.diagnostics.push(
      error("DL002", `\`${word.image}\` does not start a statement`, tokenSpan(word), {
        label: "expected a keyword",
        hints: [hint ?? `a statement starts with one of: ${topLevelKeywords.join(", ")}`],
      }),
    );
    throw new Incomplete("unknown statement");
  }

  looseBlock(): void {}

  looseToken(): void {}

  letStatement(c: Children, cst: CstNode): ast.Let {
    return {
      type: "Let",
      name: identifier(token(c, "Identifier")),
      value: this.build(node(c, "expression")) as ast.Expression,
      span: spanOf(cst),
    };
  }

  modelDeclaration(c: Children, cst: CstNode): ast.ModelDecl {
    return { type: "Model", name: identifier(token(c, "Identifier")), body: this.build(node(c, "modelBody")), span: spanOf(cst) };
  }

  blockDeclaration(c: Children, cst: CstNode): ast.BlockDecl {
    return {
      type: "Block",
      name: identifier(token(c, "name")),
      params: tokens(c, "params")
        .filter((t) => !t.isInsertedInRecovery)
        .map(identifier),
      body: this.build(node(c, "modelBody")),
      span: spanOf(cst),
    };
  }

  modelBody(c: Children): ast.ModelItem[] {
    token(c, "RBrace");
    return nodes(c, "modelItem").flatMap((item) => this.optional<ast.ModelItem>(item));
  }

  modelItem(c: Children): ast.ModelItem {
    const [only] = Object.values(c).flat() as CstNode[];
    return this.build(only!) as ast.ModelItem;
  }

  inputStatement(c: Children, cst: CstNode): ast.InputStmt {
    token(c, "Newline");
    const as = c["outputName"] ? (this.build(node(c, "outputName")) as ast.Identifier) : null;
    return { type: "Input", dims: nodes(c, "expression").map((e) => this.build(e) as ast.Expression), as, span: spanOf(cst) };
  }

  layerStatement(c: Children, cst: CstNode): ast.LayerStmt {
    token(c, "Newline");
    const { args, options } = this.build(node(c, "argumentList")) as Arguments;
    const from = c["from"] ? identifier(token(c, "from")) : null;
    const as = c["outputName"] ? (this.build(node(c, "outputName")) as ast.Identifier) : null;
    return { type: "Layer", kind: identifier(token(c, "Identifier")), args, options, from, as, span: spanOf(cst) };
  }

  outputName(c: Children): ast.Identifier {
    return identifier(token(c, "Identifier"));
  }

  repeatStatement(c: Children, cst: CstNode): ast.RepeatStmt {
    return {
      type: "Repeat",
      count: this.build(node(c, "expression")) as ast.Expression,
      body: this.build(node(c, "modelBody")),
      span: spanOf(cst),
    };
  }

  residualStatement(c: Children, cst: CstNode): ast.ResidualStmt {
    return { type: "Residual", body: this.build(node(c, "modelBody")), span: spanOf(cst) };
  }

  useStatement(c: Children, cst: CstNode): ast.UseStmt {
    token(c, "Newline");
    const { args, options } = this.build(node(c, "argumentList")) as Arguments;
    return { type: "Use", name: identifier(token(c, "Identifier")), args, options, span: spanOf(cst) };
  }

  dataDeclaration(c: Children, cst: CstNode): ast.DataDecl {
    return { type: "Data", name: identifier(token(c, "Identifier")), settings: this.build(node(c, "settingsBody")), span: spanOf(cst) };
  }

  trainStatement(c: Children, cst: CstNode): ast.TrainStmt {
    return {
      type: "Train",
      model: identifier(token(c, "model")),
      data: identifier(token(c, "data")),
      settings: this.build(node(c, "settingsBody")),
      span: spanOf(cst),
    };
  }

  settingsBody(c: Children): ast.Setting[] {
    token(c, "RBrace");
    return nodes(c, "setting").flatMap((s) => this.optional<ast.Setting>(s));
  }

  setting(c: Children, cst: CstNode): ast.Setting {
    token(c, "Newline");
    const { args, options } = this.build(node(c, "argumentList")) as Arguments;
    return { type: "Setting", key: identifier(token(c, "Identifier")), args, options, span: spanOf(cst) };
  }

  evaluateStatement(c: Children, cst: CstNode): ast.EvaluateStmt {
    token(c, "Newline");
    const split = c["split"] ? identifier(token(c, "split")) : null;
    return {
      type: "Evaluate",
      model: identifier(token(c, "model")),
      data: identifier(token(c, "data")),
      split,
      span: spanOf(cst),
    };
  }

  saveStatement(c: Children, cst: CstNode): ast.SaveStmt {
    token(c, "Newline");
    return { type: "Save", model: identifier(token(c, "Identifier")), path: this.string(token(c, "StringLiteral")), span: spanOf(cst) };
  }

  loadStatement(c: Children, cst: CstNode): ast.LoadStmt {
    token(c, "Newline");
    return { type: "Load", model: identifier(token(c, "Identifier")), path: this.string(token(c, "StringLiteral")), span: spanOf(cst) };
  }

  argumentList(c: Children): Arguments {
    return {
      args: nodes(c, "value").map((v) => this.build(v) as ast.Value),
      options: nodes(c, "keyValue").map((o) => this.build(o) as ast.Option),
    };
  }

  keyValue(c: Children, cst: CstNode): ast.Option {
    return { type: "Option", key: identifier(token(c, "Identifier")), value: this.build(node(c, "value")) as ast.Value, span: spanOf(cst) };
  }

  value(c: Children): ast.Value {
    if (c["StringLiteral"]) return this.string(token(c, "StringLiteral"));
    if (c["list"]) return this.build(node(c, "list")) as ast.ListLiteral;
    return this.build(node(c, "expression")) as ast.Expression;
  }

  list(c: Children, cst: CstNode): ast.ListLiteral {
    token(c, "RBracket");
    return { type: "List", items: nodes(c, "value").map((v) => this.build(v) as ast.Value), span: spanOf(cst) };
  }

  expression(c: Children): ast.Expression {
    return this.binary(c);
  }

  term(c: Children): ast.Expression {
    return this.binary(c);
  }

  /** Folds `a + b - c` (or `a * b / c`) left to right. */
  private binary(c: Children): ast.Expression {
    const operands = nodes(c, "operands").map((o) => this.build(o) as ast.Expression);
    const operators = tokens(c, "operators");
    if (operands.length !== operators.length + 1) throw new Incomplete("operand");
    let result = operands[0]!;
    operators.forEach((op, i) => {
      const right = operands[i + 1]!;
      result = {
        type: "Binary",
        operator: op.image as ast.BinaryExpression["operator"],
        left: result,
        right,
        span: join(result.span, right.span),
      };
    });
    return result;
  }

  factor(c: Children): ast.Expression {
    if (c["NumberLiteral"]) {
      const t = token(c, "NumberLiteral");
      const value = Number(t.image);
      if (!Number.isFinite(value)) {
        this.diagnostics.push(
          error("DL401", `the number ${t.image} is too large to represent`, tokenSpan(t), {
            label: "beyond about 1.8e308",
            hints: ["numbers are 64-bit floats; no setting or size needs one this large"],
          }),
        );
        throw new Incomplete("number");
      }
      return { type: "Number", value, raw: t.image, span: tokenSpan(t) };
    }
    if (c["LParen"]) {
      token(c, "RParen");
      const inner = this.build(node(c, "expression")) as ast.Expression;
      // Widen the span over the parentheses so carets cover what the user wrote.
      return { ...inner, span: join(tokenSpan(token(c, "LParen")), tokenSpan(token(c, "RParen"))) };
    }
    if (c["Minus"]) {
      const operand = this.build(node(c, "factor")) as ast.Expression;
      return { type: "Unary", operator: "-", operand, span: join(tokenSpan(token(c, "Minus")), operand.span) };
    }
    return identifier(token(c, "Identifier"));
  }

  private string(t: IToken): ast.StringLiteral {
    return { type: "String", value: unquote(t.image), raw: t.image, span: tokenSpan(t) };
  }
}

interface Arguments {
  args: ast.Value[];
  options: ast.Option[];
}

const builder = new AstBuilder();

export function toAst(cst: CstNode, comments: ast.Comment[]): { program: ast.Program; diagnostics: Diagnostic[] } {
  builder.diagnostics = [];
  const program = builder.program(cst.children as Children, comments);
  return { program, diagnostics: builder.diagnostics };
}
