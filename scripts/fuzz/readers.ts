// The file readers under mutated input: safetensors, IDX, CSV and JSON. The only way a
// reader may refuse a file is a DataError (a one-line message naming the file); anything else
// escaping is a crash.
import fc from "fast-check";
import { DataError } from "../../stdlib/datasets/data-error.ts";
import { readIdx } from "../../stdlib/datasets/idx-file.ts";
import { parseCsvDataset } from "../../stdlib/datasets/sources/csv.ts";
import { idxDataset } from "../../stdlib/datasets/sources/idx.ts";
import { parseJsonDataset } from "../../stdlib/datasets/sources/json.ts";
import { decodeSafetensors, encodeSafetensors } from "../../stdlib/safetensors.ts";
import { Violation } from "./front-end.ts";

export type ReaderInput =
  | { reader: "safetensors"; bytes: Uint8Array }
  | { reader: "idx"; images: Uint8Array; labels: Uint8Array }
  | { reader: "csv"; text: string; label: string | undefined; classes: boolean }
  | { reader: "json"; text: string; classes: boolean };

const safetensors = encodeSafetensors(
  new Map([
    ["dense/kernel", { shape: [2, 3], data: new Float32Array([1, 2, 3, 4, 5, 6]) }],
    ["dense/bias", { shape: [3], data: new Float32Array([0.5, -0.5, 0]) }],
  ]),
  { source: "model m {\n  input 2\n  layer dense 3\n}\n", loss: "mse", classes: '["a","b"]' },
);

/** An IDX file: magic, dimensions (big-endian u32), then the bytes. */
function idx(shape: number[], values: number[]): Uint8Array {
  const bytes = new Uint8Array(4 + 4 * shape.length + values.length);
  const view = new DataView(bytes.buffer);
  bytes.set([0, 0, 0x08, shape.length]);
  shape.forEach((dim, i) => view.setUint32(4 + 4 * i, dim));
  bytes.set(values, 4 + 4 * shape.length);
  return bytes;
}
const idxImages = idx([3, 2, 2], [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11]);
const idxLabels = idx([3], [0, 1, 2]);

const csv = 'x1,x2,"label"\n1,2,cat\n\n3.5,-4e-1,"dog"\n5,6,cat\n';
const json = '[\n  { "x": [1, 2], "y": "b" },\n  { "x": [3, 4], "y": "a" },\n  { "x": [5, 6], "y": "b" }\n]\n';

/** Bytes flipped, inserted, cut; or, for a text format, characters from the format's own alphabet. */
const byteEdits = fc.array(fc.tuple(fc.nat(), fc.integer({ min: 0, max: 255 }), fc.constantFrom("set", "insert", "cut")), {
  minLength: 1,
  maxLength: 8,
});

function mutateBytes(original: Uint8Array, edits: readonly [number, number, string][]): Uint8Array {
  let bytes = Array.from(original);
  for (const [at, value, op] of edits) {
    const i = bytes.length === 0 ? 0 : at % bytes.length;
    if (op === "set") bytes[i] = value;
    else if (op === "insert") bytes.splice(i, 0, value);
    else bytes = bytes.slice(0, i);
  }
  return Uint8Array.from(bytes);
}

const textPieces = ["", ",", "\n", "\r", "\r\n", '"', "1e400", "-", "NaN", "1e9", "[", "]", "{", "}", ":", "null", "x", "0", " ", "é"];
const textEdits = fc.array(fc.tuple(fc.nat(), fc.nat({ max: 4 }), fc.constantFrom(...textPieces)), { minLength: 1, maxLength: 8 });

function mutateText(original: string, edits: readonly [number, number, string][]): string {
  let text = original;
  for (const [at, remove, insert] of edits) {
    const i = at % (text.length + 1);
    text = text.slice(0, i) + insert + text.slice(i + remove);
  }
  return text;
}

export const readerInput: fc.Arbitrary<ReaderInput> = fc.oneof(
  byteEdits.map((edits) => ({ reader: "safetensors" as const, bytes: mutateBytes(safetensors, edits) })),
  fc.tuple(byteEdits, fc.boolean()).map(([edits, images]) => ({
    reader: "idx" as const,
    images: images ? mutateBytes(idxImages, edits) : idxImages,
    labels: images ? idxLabels : mutateBytes(idxLabels, edits),
  })),
  fc.tuple(textEdits, fc.constantFrom(undefined, "label", "x1", "nope"), fc.boolean()).map(([edits, label, classes]) => ({
    reader: "csv" as const,
    text: mutateText(csv, edits),
    label,
    classes,
  })),
  fc.tuple(textEdits, fc.boolean()).map(([edits, classes]) => ({ reader: "json" as const, text: mutateText(json, edits), classes })),
);

/** Reads the input; throws a Violation when something other than a DataError escapes. */
export function checkReader(input: ReaderInput): void {
  try {
    if (input.reader === "safetensors") decodeSafetensors(input.bytes, "fuzz.safetensors");
    else if (input.reader === "idx")
      idxDataset(readIdx(input.images, "images.idx"), readIdx(input.labels, "labels.idx"), "images.idx", "labels.idx");
    else if (input.reader === "csv") parseCsvDataset(input.text, "fuzz.csv", input.label, input.classes);
    else parseJsonDataset(input.text, "fuzz.json", input.classes);
  } catch (e) {
    if (e instanceof DataError && !e.message.includes("\n")) return;
    throw new Violation("crash", `${input.reader} reader threw ${e instanceof Error ? `${e.name}: ${e.message}` : String(e)}`);
  }
}
