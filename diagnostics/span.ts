// Where a piece of source text is: every stage from the lexer to the runtime points back at the
// text with these, so they sit below the grammar that first produces them.

export interface Position {
  offset: number;
  line: number;
  column: number;
}

/** From the first character to just past the last one (end is exclusive). */
export interface Span {
  start: Position;
  end: Position;
}
