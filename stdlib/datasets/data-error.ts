// A problem with the user's data (missing file, bad row, corrupt weights), reported by the CLI
// as one line like `iris.csv:17: expected 5 columns, found 4` instead of a stack trace.

export class DataError extends Error {
  constructor(
    message: string,
    readonly file?: string,
    readonly line?: number,
    readonly hint?: string,
  ) {
    super(formatLocation(file, line) + message);
    this.name = "DataError";
  }
}

function formatLocation(file: string | undefined, line: number | undefined): string {
  if (file === undefined) return "";
  return line === undefined ? `${file}: ` : `${file}:${line}: `;
}
