// The data of a `data` block in the worker: generated sources as the CLI makes them, `source
// mnist` from the subset beside the page, preprocessed and split by the API as `dl run` does.
import {
  DiagnosticError,
  loadSource,
  prepareData,
  type CheckedProgram,
  type DataSplits,
  type Dataset,
  type PreparedData,
} from "../../interpreter/api.ts";
import { BROWSER_SOURCES } from "./browser-sources.ts";
import { MNIST_SUBSET } from "./mnist-subset.ts";

type CheckedData = CheckedProgram["data"] extends ReadonlyMap<string, infer D> ? D : never;

/** The name the playground gives its program, for messages. */
export const PLAYGROUND_FILE = "playground.dl";

export async function browserData(data: CheckedData): Promise<PreparedData> {
  const { name, config } = data.source;
  if (name === "mnist") return prepareData(data, PLAYGROUND_FILE, await mnistSubset());
  if (!BROWSER_SOURCES.has(name)) {
    throw new DiagnosticError({
      code: "DL301",
      severity: "error",
      message: `the playground has no files: \`source ${name}\` cannot run in a page`,
      span: data.source.span,
      hints: [`use one of ${[...BROWSER_SOURCES, "mnist"].join(", ")}, or \`dl run\` on your machine`],
      related: [],
    });
  }
  return prepareData(data, PLAYGROUND_FILE, loadSource(name, config, ""));
}

let subset: Promise<DataSplits> | undefined;

/** MNIST_SUBSET's file: two counts, then the training pixels and labels, then the test ones. */
function mnistSubset(): Promise<DataSplits> {
  subset ??= (async () => {
    const response = await fetch(MNIST_SUBSET.file);
    if (!response.ok) throw new Error(`GET ${MNIST_SUBSET.file}: ${response.status} ${response.statusText}`);
    const bytes = new Uint8Array(await response.arrayBuffer());
    const [train, test] = new Uint32Array(bytes.buffer, 0, 2);
    let at = 8;
    const part = (count: number): Dataset => {
      const pixels = bytes.subarray(at, (at += count * MNIST_SUBSET.pixels));
      const labels = bytes.subarray(at, (at += count));
      return {
        features: Float32Array.from(pixels),
        featureShape: [MNIST_SUBSET.rows, MNIST_SUBSET.cols],
        labels: Float32Array.from(labels),
        labelShape: [],
        count,
        classes: Array.from({ length: 10 }, (_, digit) => String(digit)),
        numClasses: 10,
      };
    };
    return { train: part(train!), test: part(test!) };
  })();
  return subset;
}
