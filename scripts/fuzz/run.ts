// Runs the fuzzer's families of inputs with fast-check and counts what broke: the one entry
// of `npm run fuzz` (scripts/fuzz/main.ts) and of the seeded slice in `npm test`.
import fc from "fast-check";
import { checkFrontEnd, checkFrontEndBytes, Violation } from "./front-end.ts";
import { garbageBytes, mutatedExample, pathological, tokenStream } from "./programs.ts";
import { checkReader, readerInput } from "./readers.ts";

/** The resident memory the whole run may reach; more means some input allocates without bound. */
export const MEMORY_LIMIT_BYTES = 2 * 1024 ** 3;

interface Family {
  name: string;
  /** Its share of the inputs. */
  share: number;
  check: (seed: number, numRuns: number) => Promise<fc.RunDetails<unknown>>;
}

function family<T>(name: string, share: number, inputs: fc.Arbitrary<T>, invariant: (input: T) => Promise<void>): Family {
  return { name, share, check: (seed, numRuns) => fc.check(fc.asyncProperty(inputs, invariant), { seed, numRuns }) as never };
}

const families: Family[] = [
  family("mutated examples", 0.4, mutatedExample, checkFrontEnd),
  family("token streams", 0.2, tokenStream, checkFrontEnd),
  family("byte garbage", 0.15, garbageBytes, checkFrontEndBytes),
  family("pathological programs", 0.03, pathological, checkFrontEnd),
  family("file readers", 0.22, readerInput, async (input) => checkReader(input)),
];

export interface FamilyReport {
  name: string;
  inputs: number;
  /** The first failure, shrunk by fast-check, with the input that shows it. */
  failure?: { kind: Violation["kind"] | "other"; message: string; input: string };
}

export interface FuzzReport {
  inputs: number;
  counts: Record<Violation["kind"] | "other", number>;
  families: FamilyReport[];
  peakRssBytes: number;
  seconds: number;
}

export async function runFuzz(options: { seed: number; count: number }): Promise<FuzzReport> {
  const started = performance.now();
  const counts = { crash: 0, hang: 0, fmt: 0, span: 0, schema: 0, other: 0 };
  const reports: FamilyReport[] = [];
  let peakRssBytes = process.memoryUsage().rss;
  // Loads Prettier and compiles the schema before anything is timed against the 1 s bound.
  await checkFrontEnd("let warm = 1\n");
  for (const [index, family] of families.entries()) {
    const numRuns = Math.max(1, Math.round(options.count * family.share));
    const details = await family.check(options.seed + index, numRuns);
    const report: FamilyReport = { name: family.name, inputs: details.numRuns };
    if (details.failed) {
      const error = details.errorInstance;
      const kind = error instanceof Violation ? error.kind : "other";
      counts[kind]++;
      report.failure = {
        kind,
        message: error instanceof Error ? error.message : String(error),
        input: fc.stringify((details.counterexample as unknown[] | null)?.[0]),
      };
    }
    reports.push(report);
    peakRssBytes = Math.max(peakRssBytes, process.memoryUsage().rss);
  }
  if (peakRssBytes > MEMORY_LIMIT_BYTES) counts.other++;
  return {
    inputs: reports.reduce((sum, r) => sum + r.inputs, 0),
    counts,
    families: reports,
    peakRssBytes,
    seconds: (performance.now() - started) / 1000,
  };
}
