// The `__metadata__` of a dl weights file, validated field by field before any of it is used:
// a file is data from anywhere, so each entry must be the JSON dl writes, name a loss and metrics
// dl has, and hold finite numbers of the right shape. A field that is not is a BadWeightsFile
// naming the file and the field.
import { losses } from "../../stdlib/losses/index.ts";
import { metricNames } from "../../stdlib/metrics/index.ts";
import type { FeatureStep } from "./data.ts";
import { BadWeightsFile } from "./errors.ts";
import type { LossChoice } from "./model-runtime.ts";

/** Class names a classifier may have; a header listing more is not one dl wrote for a model that fits memory. */
export const MAX_CLASSES = 100_000;

export interface WeightsHeader {
  source: string;
  model: string;
  loss: LossChoice;
  metrics: string[];
  preprocess: FeatureStep[];
  architecture: string;
  classes?: string[];
  label?: string;
}

/** The header fields, checked; `metadata` holds the strings of a file that says it was saved by dl. */
export function parseWeightsHeader(metadata: Readonly<Record<string, string>>, file: string): WeightsHeader {
  const bad = (field: string, problem: string): never => {
    throw new BadWeightsFile(file, field, problem);
  };
  const json = (field: string): unknown => {
    try {
      return JSON.parse(metadata[field]!);
    } catch {
      return bad(field, "not JSON");
    }
  };
  const loss = lossOf(json("dl.loss"), (problem) => bad("dl.loss", problem));
  const metrics = metadata["dl.metrics"] === undefined ? [] : json("dl.metrics");
  if (!Array.isArray(metrics) || !metrics.every((m) => typeof m === "string" && (m === "loss" || metricNames.includes(m))))
    bad("dl.metrics", `expected a list of metric names (${metricNames.join(", ")})`);
  const preprocess = metadata["dl.preprocess"] === undefined ? [] : json("dl.preprocess");
  if (!Array.isArray(preprocess)) bad("dl.preprocess", "expected a list of preprocessing steps");
  (preprocess as unknown[]).forEach((step, i) => checkStep(step, (problem) => bad("dl.preprocess", `step ${i + 1}: ${problem}`)));
  let classes: string[] | undefined;
  if (metadata["dl.classes"] !== undefined) {
    const value = json("dl.classes");
    if (!Array.isArray(value) || value.length < 2 || !value.every((c) => typeof c === "string"))
      bad("dl.classes", "expected a list of two or more class names");
    if ((value as string[]).length > MAX_CLASSES) bad("dl.classes", `more than ${MAX_CLASSES.toLocaleString("en")} classes`);
    classes = value as string[];
  }
  return {
    source: metadata["dl.source"]!,
    model: metadata["dl.model"]!,
    loss,
    metrics: metrics as string[],
    preprocess: preprocess as FeatureStep[],
    architecture: metadata["dl.architecture"] ?? "",
    ...(classes ? { classes } : {}),
    ...(metadata["dl.label"] !== undefined ? { label: metadata["dl.label"] } : {}),
  };
}

function lossOf(value: unknown, bad: (problem: string) => never): LossChoice {
  if (typeof value !== "object" || value === null || Array.isArray(value)) return bad('expected {"name": …, "config": {…}}');
  const { name, config } = value as Record<string, unknown>;
  const entry = typeof name === "string" ? losses.get(name) : undefined;
  if (!entry) return bad(`unknown loss ${JSON.stringify(name ?? null)}; dl has ${[...losses.keys()].join(", ")}`);
  if (typeof config !== "object" || config === null || Array.isArray(config)) return bad("the loss's config is not an object");
  const options = new Set(entry.options.map((o) => o.name));
  for (const [key, option] of Object.entries(config)) {
    if (!options.has(key)) bad(`loss \`${entry.name}\` has no option \`${key}\``);
    if (typeof option !== "boolean" && !(typeof option === "number" && Number.isFinite(option)))
      bad(`option \`${key}\` of loss \`${entry.name}\` is not a finite number or a boolean`);
  }
  return { name: entry.name, config: config as LossChoice["config"] };
}

/** `{"scale": k}` or `{"standardize": {"mean": […], "std": […]}}` with finite numbers. */
function checkStep(step: unknown, bad: (problem: string) => never): void {
  const isObject = (v: unknown): v is Record<string, unknown> => typeof v === "object" && v !== null && !Array.isArray(v);
  const finiteList = (v: unknown): v is number[] =>
    Array.isArray(v) && v.length > 0 && v.every((x) => typeof x === "number" && Number.isFinite(x));
  if (!isObject(step)) bad('expected {"scale": …} or {"standardize": …}');
  if ("scale" in step) {
    if (typeof step["scale"] !== "number" || !Number.isFinite(step["scale"]) || step["scale"] === 0)
      bad("scale is not a finite, non-zero number");
    return;
  }
  const standardize = step["standardize"];
  if (!isObject(standardize)) bad('expected {"scale": …} or {"standardize": …}');
  const { mean, std } = standardize;
  if (!finiteList(mean) || !finiteList(std) || mean.length !== std.length)
    bad("standardize needs `mean` and `std` lists of finite numbers of the same length");
  if (std.some((s) => !(s > 0))) bad("a standard deviation is not positive");
}
