// `source csv "path" [label=column] [classes=true]`
// A header row is required. The label column (default: the last one) becomes the labels; every
// other column is a numeric feature (featureShape [columns − 1]). Label encoding follows
// encode-labels.ts: text labels → sorted class names; numbers → regression unless classes=true.
// Blank lines are skipped, CRLF and a UTF-8 BOM are accepted.

import { DataError } from "../data-error.ts";
import type { Dataset } from "../dataset.ts";
import { splitCsvLine } from "../csv-line.ts";
import { didYouMeanSuffix } from "../../../diagnostics/suggest.ts";
import { encodeLabels, parseFeature } from "../encode-labels.ts";
import { readDataFile } from "../read-data-file.ts";
import type { DataSource } from "../source.ts";
import { bool, name, text } from "../../values.ts";

export const csvSource: DataSource = {
  name: "csv",
  keras: "",
  doc: "a CSV file with a header row; one column is the label, the rest numeric features",
  args: [{ name: "path", type: text, doc: "CSV file, relative to the .dl file" }],
  options: [
    { name: "label", type: name, doc: "name of the label column (default: the last column)", default: null },
    { name: "classes", type: bool, doc: "treat numeric labels as class indices", default: false },
  ],
  load(config, baseDir) {
    const file = config["path"] as string;
    const text = readDataFile(file, baseDir)
      .toString("utf8")
      .replace(/^\uFEFF/, "");
    return {
      train: parseCsvDataset(text, file, config["label"] as string | undefined, config["classes"] as boolean),
    };
  },
};

/**
 * Parses CSV text into a Dataset; `file` names it in errors. `labelColumn` undefined means the
 * last column; null means there is none (inputs for prediction), so every column is a feature.
 */
export function parseCsvDataset(text: string, file: string, labelColumn: string | undefined | null, asClasses: boolean): Dataset {
  const rows: { line: number; fields: string[] }[] = [];
  text.split(/\r\n|\r|\n/).forEach((content, i) => {
    if (content.trim() === "") return;
    const fields = splitCsvLine(content);
    if ("error" in fields) throw new DataError(fields.error, file, i + 1);
    rows.push({ line: i + 1, fields });
  });
  const header = rows.shift();
  if (header === undefined) throw new DataError("empty file, expected a header row", file);
  const names = header.fields;
  if (labelColumn === null) return featuresOnly(rows, names, file);
  const labelIndex = labelColumn === undefined ? names.length - 1 : names.indexOf(labelColumn);
  if (labelIndex < 0) {
    throw new DataError(
      `no column "${labelColumn}"${didYouMeanSuffix(labelColumn ?? "", names)}`,
      file,
      header.line,
      `columns: ${names.join(", ")}`,
    );
  }
  if (names.length < 2) throw new DataError("need at least one feature column and a label column", file, header.line);
  if (rows.length === 0) throw new DataError("no data rows after the header", file);

  const width = names.length - 1;
  const features = new Float32Array(rows.length * width);
  const rawLabels: string[] = [];
  rows.forEach(({ line, fields }, r) => {
    if (fields.length !== names.length) {
      throw new DataError(`expected ${names.length} columns, found ${fields.length}`, file, line);
    }
    let f = r * width;
    fields.forEach((field, c) => {
      if (c === labelIndex) return;
      features[f++] = parseFeature(field, names[c]!, (message) => {
        throw new DataError(message, file, line);
      });
    });
    const label = fields[labelIndex]!;
    if (label === "") throw new DataError(`column "${names[labelIndex]}": empty label`, file, line);
    rawLabels.push(label);
  });
  const encoded = encodeLabels(rawLabels, asClasses, (i, message) => {
    throw new DataError(`column "${names[labelIndex]}": ${message}`, file, rows[i]!.line);
  });
  return { features, featureShape: [width], count: rows.length, ...encoded };
}

function featuresOnly(rows: { line: number; fields: string[] }[], names: string[], file: string): Dataset {
  if (rows.length === 0) throw new DataError("no data rows after the header", file);
  const features = new Float32Array(rows.length * names.length);
  rows.forEach(({ line, fields }, r) => {
    if (fields.length !== names.length) throw new DataError(`expected ${names.length} columns, found ${fields.length}`, file, line);
    fields.forEach((field, c) => {
      features[r * names.length + c] = parseFeature(field, names[c]!, (message) => {
        throw new DataError(message, file, line);
      });
    });
  });
  return { features, featureShape: [names.length], count: rows.length, labels: new Float32Array(0), labelShape: [] };
}
