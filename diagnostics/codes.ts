// Every diagnostic code, with the one-line meaning that docs/diagnostics.md expands on.
export const codes = {
  DL001: "unexpected character",
  DL002: "syntax error",
  DL003: "the file is not valid UTF-8 text",
  DL004: "the file is too large to be a .dl program",
  DL005: "the file is empty",
  DL010: "the AST does not match its schema (a bug in dl)",
  DL101: "unknown name",
  DL102: "defined twice",
  DL103: "unknown layer kind",
  DL104: "wrong number of positional arguments",
  DL105: "unknown option",
  DL106: "a value that does not fit",
  DL107: "unknown or misplaced setting",
  DL108: "a required statement is missing",
  DL109: "a block is used recursively",
  DL201: "shape mismatch",
  DL202: "the model output does not fit the loss and labels",
  DL203: "a layer's output never reaches the model's output",
  DL301: "data could not be loaded",
  DL302: "weights do not match the model",
  DL303: "training diverged",
  DL304: "the backend cannot run this model",
  DL305: "a file could not be written",
  DL306: "a value in the data is outside what the model accepts",
} as const;

export type Code = keyof typeof codes;
