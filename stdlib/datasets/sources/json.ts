// `source json "path" [classes=true]`, in either of two layouts:
//   [{ "x": [5.1, 3.5], "y": "setosa" }, …]            one object per example
//   { "features": [[5.1, 3.5], …], "labels": ["setosa", …] }   parallel arrays
// x may be a number or a nested array; every example must have the first one's shape.
// y may be a number or a string (encoded as in encode-labels.ts) or an array of numbers
// (a target vector, labelShape [k]).

import { DataError } from "../data-error.ts";
import { sizeOf } from "../../../interpreter/backends/backend.ts";
import type { Dataset } from "../dataset.ts";
import { encodeLabels, isFloat32 } from "../encode-labels.ts";
import { readDataFile } from "../read-data-file.ts";
import type { DataSource } from "../source.ts";
import { bool, text } from "../../values.ts";

export const jsonSource: DataSource = {
  name: "json",
  keras: "",
  doc: 'a JSON file: [{"x": [...], "y": label}, ...] or {"features": [[...]], "labels": [...]}',
  args: [{ name: "path", type: text, doc: "JSON file, relative to the .dl file" }],
  options: [{ name: "classes", type: bool, doc: "treat numeric labels as class indices", default: false }],
  load(config, baseDir) {
    const file = config["path"] as string;
    const text = readDataFile(file, baseDir).toString("utf8");
    return { train: parseJsonDataset(text, file, config["classes"] as boolean) };
  },
};

/** Parses JSON text in either layout into a Dataset; `file` names it in errors. */
export function parseJsonDataset(text: string, file: string, asClasses: boolean): Dataset {
  const { xs, ys } = examples(parse(text, file), file);
  if (xs.length === 0) throw new DataError("no examples", file);
  const fail = (i: number, message: string): never => {
    throw new DataError(`example ${i}: ${message}`, file);
  };
  const featureShape = shapeOf(xs[0]);
  const features = new Float32Array(xs.length * sizeOf(featureShape));
  xs.forEach((x, i) => flattenInto(x, featureShape, features, i * sizeOf(featureShape), (m) => fail(i, `"x" ${m}`)));
  const count = xs.length;
  if (Array.isArray(ys[0])) {
    const labelShape = shapeOf(ys[0]);
    const labels = new Float32Array(count * sizeOf(labelShape));
    ys.forEach((y, i) => flattenInto(y, labelShape, labels, i * sizeOf(labelShape), (m) => fail(i, `"y" ${m}`)));
    return { features, featureShape, labels, labelShape, count };
  }
  const raw = ys.map((y, i) =>
    typeof y === "number" || typeof y === "string" ? y : fail(i, `"y" must be a number, a string or an array of numbers`),
  );
  return { features, featureShape, count, ...encodeLabels(raw, asClasses, fail) };
}

function parse(text: string, file: string): unknown {
  try {
    return JSON.parse(text);
  } catch (error) {
    const message = (error as Error).message;
    const position = /at position (\d+)/.exec(message)?.[1];
    const line = position === undefined ? undefined : text.slice(0, Number(position)).split("\n").length;
    // V8 quotes the text around the mistake, newlines included: keep the message on one line.
    throw new DataError(`invalid JSON: ${message.replace(/ in JSON at position.*$/, "").replace(/\s+/g, " ")}`, file, line);
  }
}

function examples(root: unknown, file: string): { xs: unknown[]; ys: unknown[] } {
  if (Array.isArray(root)) {
    const xs: unknown[] = [];
    const ys: unknown[] = [];
    root.forEach((item, i) => {
      if (typeof item !== "object" || item === null || !("x" in item) || !("y" in item)) {
        throw new DataError(`example ${i}: expected an object with "x" and "y"`, file);
      }
      xs.push(item.x);
      ys.push(item.y);
    });
    return { xs, ys };
  }
  if (typeof root === "object" && root !== null && "features" in root && "labels" in root) {
    const { features, labels } = root;
    if (!Array.isArray(features) || !Array.isArray(labels)) {
      throw new DataError(`"features" and "labels" must be arrays`, file);
    }
    if (features.length !== labels.length) {
      throw new DataError(`${features.length} features but ${labels.length} labels`, file);
    }
    return { xs: features, ys: labels };
  }
  throw new DataError(`expected an array of {"x", "y"} objects or {"features": [...], "labels": [...]}`, file);
}

function shapeOf(value: unknown): number[] {
  const shape: number[] = [];
  while (Array.isArray(value)) {
    shape.push(value.length);
    value = value[0];
  }
  return shape;
}

/** Writes `value` (nested arrays of the given shape) into out[offset…]; returns the next offset. */
function flattenInto(value: unknown, shape: number[], out: Float32Array, offset: number, fail: (message: string) => never): number {
  const [length, ...rest] = shape;
  if (length === undefined) {
    if (typeof value !== "number") return fail(`expected a number, found ${JSON.stringify(value)}`);
    if (!isFloat32(value)) return fail(`${value} is out of range (not a finite 32-bit float)`);
    out[offset] = value;
    return offset + 1;
  }
  if (!Array.isArray(value) || value.length !== length) {
    return fail(`expected shape [${shape.join(", ")}], found ${JSON.stringify(value)?.slice(0, 40)}`);
  }
  for (const item of value) offset = flattenInto(item, rest, out, offset, fail);
  return offset;
}
