// Which declaration every name in a program points at: models, blocks, data blocks, `let`s,
// block parameters and named outputs (`as h`). Definition, references and rename-free
// navigation all read this one table.
import type { Identifier, ModelItem, Program, Value } from "../../grammar/ast.ts";

export type DeclarationKind = "model" | "block" | "data" | "let" | "parameter" | "output";

export interface Declaration {
  id: Identifier;
  kind: DeclarationKind;
}

export interface NameSite {
  id: Identifier;
  /** What it names; undefined when nothing in the file declares it (a layer kind, `source mnist`). */
  declaration: Declaration | undefined;
}

type Scope = Map<string, Declaration>;

/** Every declaration and every use of a declared name, in source order. */
export function nameSites(program: Program): NameSite[] {
  const global: Scope = new Map();
  for (const statement of program.body) {
    if (statement.type === "Let") global.set(statement.name.name, { id: statement.name, kind: "let" });
    else if (statement.type === "Model") global.set(statement.name.name, { id: statement.name, kind: "model" });
    else if (statement.type === "Block") global.set(statement.name.name, { id: statement.name, kind: "block" });
    else if (statement.type === "Data") global.set(statement.name.name, { id: statement.name, kind: "data" });
  }
  const sites: NameSite[] = [];
  const declare = (scope: Scope, id: Identifier) => sites.push({ id, declaration: scope.get(id.name) });
  const use = (scope: Scope, id: Identifier | null, kinds: readonly DeclarationKind[]) => {
    if (!id) return;
    const found = scope.get(id.name) ?? global.get(id.name);
    sites.push({ id, declaration: found && kinds.includes(found.kind) ? found : undefined });
  };
  const values = (scope: Scope, value: Value, kinds: readonly DeclarationKind[]): void => {
    if (value.type === "Identifier") use(scope, value, kinds);
    else if (value.type === "Binary") [value.left, value.right].forEach((side) => values(scope, side, kinds));
    else if (value.type === "Unary") values(scope, value.operand, kinds);
    else if (value.type === "List") value.items.forEach((item) => values(scope, item, kinds));
  };
  const constants = ["let", "parameter"] as const;
  const items = (scope: Scope, body: readonly ModelItem[]): void => {
    for (const item of body) {
      if (item.type === "Input") {
        item.dims.forEach((dim) => values(scope, dim, constants));
        if (item.as) scope.set(item.as.name, { id: item.as, kind: "output" });
        if (item.as) declare(scope, item.as);
      } else if (item.type === "Layer") {
        // `layer add a b` joins named outputs; other layers' bare words are constants or vocabulary.
        item.args.forEach((arg) => values(scope, arg, ["let", "parameter", "output"]));
        item.options.forEach((option) => values(scope, option.value, constants));
        use(scope, item.from, ["output"]);
        if (item.as) scope.set(item.as.name, { id: item.as, kind: "output" });
        if (item.as) declare(scope, item.as);
      } else if (item.type === "Use") {
        use(scope, item.name, ["block"]);
        item.args.forEach((arg) => values(scope, arg, constants));
        item.options.forEach((option) => values(scope, option.value, constants));
      } else if (item.type === "Repeat") {
        values(scope, item.count, constants);
        items(scope, item.body);
      } else items(scope, item.body);
    }
  };
  for (const statement of program.body) {
    switch (statement.type) {
      case "Let":
        declare(global, statement.name);
        values(new Map(), statement.value, ["let"]);
        break;
      case "Model":
        declare(global, statement.name);
        items(new Map(), statement.body);
        break;
      case "Block": {
        declare(global, statement.name);
        const scope: Scope = new Map(statement.params.map((id) => [id.name, { id, kind: "parameter" as const }]));
        statement.params.forEach((id) => declare(scope, id));
        items(scope, statement.body);
        break;
      }
      case "Data":
      case "Train":
        if (statement.type === "Data") declare(global, statement.name);
        else {
          use(global, statement.model, ["model"]);
          use(global, statement.data, ["data"]);
        }
        for (const setting of statement.settings) {
          setting.args.forEach((arg) => values(new Map(), arg, ["let"]));
          setting.options.forEach((option) => values(new Map(), option.value, ["let"]));
        }
        break;
      case "Evaluate":
        use(global, statement.model, ["model"]);
        use(global, statement.data, ["data"]);
        break;
      case "Save":
      case "Load":
        use(global, statement.model, ["model"]);
        break;
    }
  }
  return sites;
}
