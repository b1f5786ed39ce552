// The outline: models, blocks, data blocks and `let`s, each model and block with its named outputs.
import { SymbolKind, type DocumentSymbol } from "vscode-languageserver";
import type { TextDocument } from "vscode-languageserver-textdocument";
import type { ModelItem, Program } from "../../grammar/ast.ts";
import { rangeOf } from "./ranges.ts";

function outputs(body: readonly ModelItem[], document: TextDocument): DocumentSymbol[] {
  return body.flatMap((item): DocumentSymbol[] => {
    if (item.type === "Repeat" || item.type === "Residual") return outputs(item.body, document);
    if ((item.type !== "Input" && item.type !== "Layer") || !item.as) return [];
    const detail = item.type === "Layer" ? item.kind.name : "input";
    return [
      {
        name: item.as.name,
        detail,
        kind: SymbolKind.Variable,
        range: rangeOf(item.span, document),
        selectionRange: rangeOf(item.as.span, document),
      },
    ];
  });
}

export function documentSymbols(program: Program, document: TextDocument): DocumentSymbol[] {
  return program.body.flatMap((statement): DocumentSymbol[] => {
    const at = (name: { span: Program["span"] }) => ({
      range: rangeOf(statement.span, document),
      selectionRange: rangeOf(name.span, document),
    });
    switch (statement.type) {
      case "Model":
        return [
          {
            name: statement.name.name,
            detail: "model",
            kind: SymbolKind.Class,
            ...at(statement.name),
            children: outputs(statement.body, document),
          },
        ];
      case "Block":
        return [
          {
            name: statement.name.name,
            detail: "block",
            kind: SymbolKind.Function,
            ...at(statement.name),
            children: outputs(statement.body, document),
          },
        ];
      case "Data":
        return [{ name: statement.name.name, detail: "data", kind: SymbolKind.Struct, ...at(statement.name) }];
      case "Let":
        return [{ name: statement.name.name, detail: "let", kind: SymbolKind.Constant, ...at(statement.name) }];
      default:
        return [];
    }
  });
}
