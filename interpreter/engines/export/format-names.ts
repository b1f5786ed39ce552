// The names `dl export --to` accepts for a trained model, apart from the formats themselves so
// that the command line can list them without loading any writer; formats.ts must register each.
export const exportFormatNames = ["onnx", "tfjs", "keras"] as const;

export type ExportFormatName = (typeof exportFormatNames)[number];
