// Parse speed on a generated 10,000-line program (npm run bench:parse). Prints times; asserts nothing.
import { check, parse } from "../interpreter/api.ts";

function program(lines: number): string {
  const out: string[] = ["let hidden = 128"];
  for (let i = 0; out.length + 25 <= lines; i++) {
    out.push(`# model number ${i}`, `model m${i} {`, "  input 784");
    for (let j = 0; j < 19; j++)
      out.push(j % 4 === 0 ? `  layer dense hidden*2 relu kernel_init=he_normal # ${j}` : "  layer dense 64 relu");
    out.push("  layer dense 10 softmax", "}", "");
  }
  while (out.length < lines) out.push("# padding");
  return out.join("\n") + "\n";
}

const source = program(10_000);
const time = (f: () => void) => {
  const start = performance.now();
  f();
  return performance.now() - start;
};
const cold = time(() => parse(source));
const warm = Array.from({ length: 5 }, () => time(() => parse(source))).sort((a, b) => a - b);
const parsed = parse(source);
const checkTime = time(() => check(parsed.program));
console.log(
  `10,000 lines, ${(source.length / 1024).toFixed(0)} KB, ${parsed.program.body.length} statements, ${parsed.diagnostics.length} diagnostics`,
);
console.log(`parse: first run ${cold.toFixed(0)} ms, median of 5 warm runs ${warm[2]!.toFixed(0)} ms`);
console.log(`check: ${checkTime.toFixed(0)} ms`);
