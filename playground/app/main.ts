// The playground page: the editor on the left; the summary, the training curves and the results
// on the right. The program lives in the URL's hash, so a link shares it.
import { diagramSvg, renderDiagnostics, summarize } from "../../interpreter/api.ts";
import { analyze } from "./analysis.ts";
import { LineChart } from "./chart.ts";
import { createEditor } from "./editor.ts";
import type { Logs, RunRequest, WorkerMessage } from "./protocol.ts";
import { renderResults } from "./results.ts";
import { programFromHash, shareHash } from "./share.ts";
import { PLAYGROUND_FILE } from "./worker-data.ts";

const element = <T extends HTMLElement>(id: string) => document.getElementById(id) as T;
const exampleSelect = element<HTMLSelectElement>("example");
const backendSelect = element<HTMLSelectElement>("backend");
const trainButton = element<HTMLButtonElement>("train");
const stopButton = element<HTMLButtonElement>("stop");
const status = element<HTMLSpanElement>("status");
const problems = element<HTMLPreElement>("problems");
const summary = element<HTMLPreElement>("summary");
const diagram = element<HTMLDivElement>("diagram");
const log = element<HTMLPreElement>("log");
const results = element<HTMLDivElement>("results");

const lossChart = new LineChart("loss");
const metricChart = new LineChart("accuracy", [0, 1]);
element("charts").append(lossChart.element, metricChart.element);

type State = "idle" | "running" | "done" | "failed" | "stopped";
function setState(state: State, text: string): void {
  document.body.dataset["state"] = state;
  status.textContent = text;
  trainButton.disabled = state === "running";
  stopButton.disabled = state !== "running";
}

const examples = (await (await fetch("examples.json")).json()) as { name: string; source: string }[];
for (const { name } of examples) exampleSelect.add(new Option(name, name));
const initial = programFromHash(location.hash) ?? examples.find((e) => e.name === "spirals.dl")?.source ?? examples[0]?.source ?? "";
if (!programFromHash(location.hash)) exampleSelect.value = examples.find((e) => e.source === initial)?.name ?? "";

let shareTimer: ReturnType<typeof setTimeout> | undefined;
const editor = createEditor(element("editor"), initial, (source) => {
  showAnalysis(source);
  clearTimeout(shareTimer);
  shareTimer = setTimeout(() => history.replaceState(null, "", shareHash(source)), 400);
});

/** The problems as `dl check` prints them, and every model's summary table and diagram. */
function showAnalysis(source: string): void {
  const analysis = analyze(source);
  problems.textContent = analysis.diagnostics.length
    ? renderDiagnostics(analysis.diagnostics, PLAYGROUND_FILE, source)
    : `${PLAYGROUND_FILE}: no problems`;
  problems.classList.toggle("clean", analysis.diagnostics.length === 0);
  const models = [...analysis.checked.models.values()];
  summary.textContent = models.length ? models.map(summarize).join("\n\n") : "no model to summarize: it has errors";
  // diagramSvg escapes every name it writes, so its text is safe markup.
  diagram.innerHTML = models.map(diagramSvg).join("");
}
showAnalysis(initial);

exampleSelect.addEventListener("change", () => {
  const example = examples.find((e) => e.name === exampleSelect.value);
  if (example) editor.dispatch({ changes: { from: 0, to: editor.state.doc.length, insert: example.source } });
});

element("share").addEventListener("click", async () => {
  history.replaceState(null, "", shareHash(editor.state.doc.toString()));
  await navigator.clipboard?.writeText(location.href).catch(() => undefined);
  status.textContent = "link copied";
});

let worker: Worker | undefined;
let started = 0;
/** The log's lines; the latest epoch's line is replaced, not appended. */
let lines: string[] = [];
let epochLine = -1;

function write(line: string, replaceEpoch = false): void {
  if (replaceEpoch && epochLine >= 0) lines[epochLine] = line;
  else {
    lines.push(line);
    epochLine = replaceEpoch ? lines.length - 1 : -1;
  }
  log.textContent = lines.join("\n");
}

const format = (logs: Logs) =>
  Object.entries(logs)
    .map(([key, value]) => `${key}: ${value.toFixed(4)}`)
    .join(" - ");

trainButton.addEventListener("click", () => {
  worker?.terminate();
  lossChart.reset();
  metricChart.reset();
  results.replaceChildren();
  lines = [];
  epochLine = -1;
  log.textContent = "";
  started = performance.now();
  worker = new Worker(new URL("worker.js", import.meta.url), { type: "module" });
  worker.onmessage = ({ data }: MessageEvent<WorkerMessage>) => receive(data);
  worker.onerror = (event) => finish("failed", `the worker failed: ${event.message}`);
  const request: RunRequest = { source: editor.state.doc.toString(), backend: backendSelect.value };
  worker.postMessage(request);
  setState("running", `starting on ${backendSelect.value}…`);
});

stopButton.addEventListener("click", () => finish("stopped", `stopped after ${seconds()}s`));

function finish(state: State, text: string): void {
  worker?.terminate();
  worker = undefined;
  write(text);
  setState(state, text);
}

const seconds = () => ((performance.now() - started) / 1000).toFixed(1);

function receive(message: WorkerMessage): void {
  switch (message.type) {
    case "backend":
      write(`on ${message.describe}`);
      break;
    case "trainBegin":
      write(
        `Training ${message.model} on ${message.data}: ${message.train} examples, validating on ${message.validation}, ${message.epochs} epochs`,
      );
      lossChart.reset();
      metricChart.reset();
      break;
    case "epoch":
      write(`Epoch ${message.epoch}/${message.epochs} - ${format(message.logs)}`, true);
      for (const [key, value] of Object.entries(message.logs)) (key.endsWith("loss") ? lossChart : metricChart).push(key, value);
      status.textContent = `${message.model}: epoch ${message.epoch}/${message.epochs}`;
      break;
    case "step":
      status.textContent = `epoch ${message.epoch}/${message.epochs}, step ${message.step}/${message.steps} - ${format(message.logs)}`;
      break;
    case "note":
      write(message.text);
      break;
    case "evaluated":
      write(`Evaluate ${message.model} on ${message.data} (${message.count} examples): ${format(message.logs)}`);
      break;
    case "results":
      renderResults(results, message.results);
      break;
    case "done":
      finish("done", `done in ${message.seconds.toFixed(1)}s`);
      break;
    case "failed":
      finish(
        "failed",
        message.diagnostic
          ? renderDiagnostics([message.diagnostic], PLAYGROUND_FILE, editor.state.doc.toString())
          : `error: ${message.message}`,
      );
      break;
  }
}

setState("idle", "ready");
