// The parser: grammar rules only, producing a concrete syntax tree (CST).
// Statements end at a newline, which also gives error recovery a place to resynchronise,
// so one run reports every syntax error instead of the first.
import { CstParser } from "chevrotain";
import { errorMessages } from "./error-messages.ts";
import {
  allTokens,
  Comma,
  Dot,
  Equals,
  Identifier,
  Keywords,
  LBrace,
  LBracket,
  LParen,
  Minus,
  Newline,
  NumberLiteral,
  Plus,
  RBrace,
  RBracket,
  RParen,
  Slash,
  Star,
  StringLiteral,
} from "./tokens.ts";

export const MAX_SYNTAX_ERRORS = 50;

const structuralTokens = new Set([Newline, LBrace, RBrace]);
const looseTokenTypes = allTokens.filter((t) => !structuralTokens.has(t) && t.GROUP === undefined);

class DlParser extends CstParser {
  constructor() {
    super(allTokens, { recoveryEnabled: true, maxLookahead: 3, errorMessageProvider: errorMessages });
    this.performSelfAnalysis();
  }

  program = this.RULE("program", () => {
    this.MANY({
      // Past this many errors the rest is noise (or garbage); stop instead of recovering forever.
      GATE: () => this.errors.length < MAX_SYNTAX_ERRORS,
      DEF: () => this.OR([{ ALT: () => this.CONSUME(Newline) }, { ALT: () => this.SUBRULE(this.statement) }]),
    });
  });

  statement = this.RULE("statement", () => {
    this.OR([
      { ALT: () => this.SUBRULE(this.letStatement) },
      { ALT: () => this.SUBRULE(this.modelDeclaration) },
      { ALT: () => this.SUBRULE(this.blockDeclaration) },
      { ALT: () => this.SUBRULE(this.dataDeclaration) },
      { ALT: () => this.SUBRULE(this.trainStatement) },
      { ALT: () => this.SUBRULE(this.evaluateStatement) },
      { ALT: () => this.SUBRULE(this.saveStatement) },
      { ALT: () => this.SUBRULE(this.loadStatement) },
      { ALT: () => this.SUBRULE(this.unknownStatement) },
    ]);
  });

  // A line that starts with no keyword (`modle m {`): swallowed whole, braces included,
  // so the AST builder can report one clear "did you mean `model`?" and parsing goes on.
  unknownStatement = this.RULE("unknownStatement", () => {
    this.CONSUME(Identifier);
    this.MANY(() => this.SUBRULE(this.looseToken));
    this.OPTION(() => this.SUBRULE(this.looseBlock));
  });

  looseBlock = this.RULE("looseBlock", () => {
    this.CONSUME(LBrace);
    this.MANY(() =>
      this.OR([
        { ALT: () => this.CONSUME(Newline) },
        { ALT: () => this.SUBRULE(this.looseToken) },
        { ALT: () => this.SUBRULE(this.looseBlock) },
      ]),
    );
    this.CONSUME(RBrace);
  });

  looseToken = this.RULE("looseToken", () => {
    this.OR(looseTokenTypes.map((type) => ({ ALT: () => this.CONSUME(type) })));
  });

  // let hidden = 128
  letStatement = this.RULE("letStatement", () => {
    this.CONSUME(Keywords.let);
    this.CONSUME(Identifier);
    this.CONSUME(Equals);
    this.SUBRULE(this.expression);
    this.CONSUME(Newline);
  });

  // model mnist_mlp { … }
  modelDeclaration = this.RULE("modelDeclaration", () => {
    this.CONSUME(Keywords.model);
    this.CONSUME(Identifier);
    this.SUBRULE(this.modelBody);
  });

  // block conv_bn(filters) { … }
  blockDeclaration = this.RULE("blockDeclaration", () => {
    this.CONSUME(Keywords.block);
    this.CONSUME(Identifier, { LABEL: "name" });
    this.CONSUME(LParen);
    this.MANY_SEP({ SEP: Comma, DEF: () => this.CONSUME1(Identifier, { LABEL: "params" }) });
    this.CONSUME(RParen);
    this.SUBRULE(this.modelBody);
  });

  modelBody = this.RULE("modelBody", () => {
    this.CONSUME(LBrace);
    this.MANY(() => this.OR([{ ALT: () => this.CONSUME(Newline) }, { ALT: () => this.SUBRULE(this.modelItem) }]));
    this.CONSUME(RBrace);
  });

  modelItem = this.RULE("modelItem", () => {
    this.OR([
      { ALT: () => this.SUBRULE(this.inputStatement) },
      { ALT: () => this.SUBRULE(this.layerStatement) },
      { ALT: () => this.SUBRULE(this.repeatStatement) },
      { ALT: () => this.SUBRULE(this.residualStatement) },
      { ALT: () => this.SUBRULE(this.useStatement) },
    ]);
  });

  // input 28 28 1 [as x]
  inputStatement = this.RULE("inputStatement", () => {
    this.CONSUME(Keywords.input);
    this.MANY(() => this.SUBRULE(this.expression));
    this.OPTION(() => this.SUBRULE(this.outputName));
    this.CONSUME(Newline);
  });

  // layer dense 128 relu kernel_init=he_normal [from x] [as h]
  layerStatement = this.RULE("layerStatement", () => {
    this.CONSUME(Keywords.layer);
    this.CONSUME(Identifier);
    this.SUBRULE(this.argumentList);
    this.OPTION(() => {
      this.CONSUME(Keywords.from);
      this.CONSUME1(Identifier, { LABEL: "from" });
    });
    this.OPTION1(() => this.SUBRULE1(this.outputName));
    this.CONSUME(Newline);
  });

  // as h
  outputName = this.RULE("outputName", () => {
    this.CONSUME(Keywords.as);
    this.CONSUME(Identifier);
  });

  // repeat 3 { … }
  repeatStatement = this.RULE("repeatStatement", () => {
    this.CONSUME(Keywords.repeat);
    this.SUBRULE(this.expression);
    this.SUBRULE(this.modelBody);
  });

  // residual { … }
  residualStatement = this.RULE("residualStatement", () => {
    this.CONSUME(Keywords.residual);
    this.SUBRULE(this.modelBody);
  });

  // conv_bn 32
  useStatement = this.RULE("useStatement", () => {
    this.CONSUME(Identifier);
    this.SUBRULE(this.argumentList);
    this.CONSUME(Newline);
  });

  // data mnist { … }
  dataDeclaration = this.RULE("dataDeclaration", () => {
    this.CONSUME(Keywords.data);
    this.CONSUME(Identifier);
    this.SUBRULE(this.settingsBody);
  });

  // train mnist_mlp on mnist { … }
  trainStatement = this.RULE("trainStatement", () => {
    this.CONSUME(Keywords.train);
    this.CONSUME(Identifier, { LABEL: "model" });
    this.CONSUME(Keywords.on);
    this.CONSUME1(Identifier, { LABEL: "data" });
    this.SUBRULE(this.settingsBody);
  });

  settingsBody = this.RULE("settingsBody", () => {
    this.CONSUME(LBrace);
    this.MANY(() => this.OR([{ ALT: () => this.CONSUME(Newline) }, { ALT: () => this.SUBRULE(this.setting) }]));
    this.CONSUME(RBrace);
  });

  // optimizer adam lr=0.001
  setting = this.RULE("setting", () => {
    this.CONSUME(Identifier);
    this.SUBRULE(this.argumentList);
    this.CONSUME(Newline);
  });

  // evaluate mnist_mlp on mnist.test
  evaluateStatement = this.RULE("evaluateStatement", () => {
    this.CONSUME(Keywords.evaluate);
    this.CONSUME(Identifier, { LABEL: "model" });
    this.CONSUME(Keywords.on);
    this.CONSUME1(Identifier, { LABEL: "data" });
    this.OPTION(() => {
      this.CONSUME(Dot);
      // `train` is a keyword, but also the name of a split (`mnist.train`).
      this.OR([
        { ALT: () => this.CONSUME2(Identifier, { LABEL: "split" }) },
        { ALT: () => this.CONSUME(Keywords.train, { LABEL: "split" }) },
      ]);
    });
    this.CONSUME(Newline);
  });

  // save mnist_mlp "mnist_mlp.safetensors"
  saveStatement = this.RULE("saveStatement", () => {
    this.CONSUME(Keywords.save);
    this.CONSUME(Identifier);
    this.CONSUME(StringLiteral);
    this.CONSUME(Newline);
  });

  // load mnist_mlp "mnist_mlp.safetensors"
  loadStatement = this.RULE("loadStatement", () => {
    this.CONSUME(Keywords.load);
    this.CONSUME(Identifier);
    this.CONSUME(StringLiteral);
    this.CONSUME(Newline);
  });

  // Positional values, then key=value options (the checker enforces the order).
  argumentList = this.RULE("argumentList", () => {
    this.MANY(() => this.OR([{ ALT: () => this.SUBRULE(this.keyValue) }, { ALT: () => this.SUBRULE(this.value) }]));
  });

  keyValue = this.RULE("keyValue", () => {
    this.CONSUME(Identifier);
    this.CONSUME(Equals);
    this.SUBRULE(this.value);
  });

  value = this.RULE("value", () => {
    this.OR([
      { ALT: () => this.SUBRULE(this.expression) },
      { ALT: () => this.CONSUME(StringLiteral) },
      { ALT: () => this.SUBRULE(this.list) },
    ]);
  });

  // [3, 3]
  list = this.RULE("list", () => {
    this.CONSUME(LBracket);
    this.MANY_SEP({ SEP: Comma, DEF: () => this.SUBRULE(this.value) });
    this.CONSUME(RBracket);
  });

  expression = this.RULE("expression", () => {
    this.SUBRULE(this.term, { LABEL: "operands" });
    this.MANY(() => {
      this.OR([{ ALT: () => this.CONSUME(Plus, { LABEL: "operators" }) }, { ALT: () => this.CONSUME(Minus, { LABEL: "operators" }) }]);
      this.SUBRULE1(this.term, { LABEL: "operands" });
    });
  });

  term = this.RULE("term", () => {
    this.SUBRULE(this.factor, { LABEL: "operands" });
    this.MANY(() => {
      this.OR([{ ALT: () => this.CONSUME(Star, { LABEL: "operators" }) }, { ALT: () => this.CONSUME(Slash, { LABEL: "operators" }) }]);
      this.SUBRULE1(this.factor, { LABEL: "operands" });
    });
  });

  factor = this.RULE("factor", () => {
    this.OR([
      {
        ALT: () => {
          this.CONSUME(Minus);
          this.SUBRULE(this.factor);
        },
      },
      { ALT: () => this.CONSUME(NumberLiteral) },
      { ALT: () => this.CONSUME(Identifier) },
      {
        ALT: () => {
          this.CONSUME(LParen);
          this.SUBRULE(this.expression);
          this.CONSUME(RParen);
        },
      },
    ]);
  });
}

/** One shared instance: building the grammar is slow, and parsing resets its state. */
export const parser = new DlParser();
