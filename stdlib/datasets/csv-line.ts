// Splits one CSV line into fields. Minimal RFC 4180: comma separated, a field may be wrapped
// in double quotes with "" for a literal quote; quoted fields cannot span lines.
// Unquoted fields are trimmed so "5.1, 3.5" reads like "5.1,3.5".

/** The fields, or a string describing why the line is malformed. */
export function splitCsvLine(line: string): string[] | { error: string } {
  const fields: string[] = [];
  let i = 0;
  for (;;) {
    while (line[i] === " " || line[i] === "\t") i++;
    if (line[i] === '"') {
      let value = "";
      i++;
      for (;;) {
        const quote = line.indexOf('"', i);
        if (quote < 0) return { error: "unterminated quoted field" };
        value += line.slice(i, quote);
        i = quote + 1;
        if (line[i] !== '"') break;
        value += '"';
        i++;
      }
      while (line[i] === " " || line[i] === "\t") i++;
      if (i < line.length && line[i] !== ",") return { error: `unexpected text after quoted field "${value}"` };
      fields.push(value);
    } else {
      const comma = line.indexOf(",", i);
      const end = comma < 0 ? line.length : comma;
      fields.push(line.slice(i, end).trim());
      i = end;
    }
    if (i >= line.length) return fields;
    i++; // past the comma
  }
}
