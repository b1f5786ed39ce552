// A mistake outside any .dl file, which no diagnostic can point at.

/** A missing file, a bad weights file: one line and a hint. */
export class UserError extends Error {
  constructor(
    message: string,
    readonly hint?: string,
    /** The diagnostic code (docs/diagnostics.md) of a mistake that has one. */
    readonly code?: string,
  ) {
    super(message);
  }
}
