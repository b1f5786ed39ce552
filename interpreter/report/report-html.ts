// The run report: one self-contained HTML page (inline CSS, SVG and PNG data URLs, no script, no
// link outside it) that opens offline. Per training: its settings, a chart per quantity (training
// against validation, early stop and learning-rate changes marked) and the epochs as a table; the
// diagram of each model; per evaluation: its results and, for a classifier, the confusion matrix,
// each class's precision and recall, and the first misclassified examples when they are images.
import type { CheckedModel } from "../check/checked.ts";
import { diagramSvg, escapeXml } from "../diagram/svg.ts";
import { historyChart, quantities } from "./charts.ts";
import { classScores, correctCount, type Confusion } from "./confusion.ts";
import type { EvaluationRecord, RunRecord, TrainingRecord } from "./run-record.ts";

export interface ReportInput {
  /** The .dl file, as the command line named it. */
  file: string;
  record: RunRecord;
  /** The program's checked models, for their diagrams. */
  models: ReadonlyMap<string, CheckedModel>;
  /** When the run began, and how long it took in all. */
  started: Date;
  seconds: number;
}

const STYLE = `
body { font: 14px/1.45 system-ui, sans-serif; color: #1f2933; margin: 24px auto; max-width: 1100px; padding: 0 16px; }
h1 { font-size: 22px; } h2 { font-size: 18px; margin-top: 32px; border-bottom: 1px solid #e4e7eb; } h3 { font-size: 15px; }
table { border-collapse: collapse; margin: 8px 0; } td, th { padding: 3px 8px; border: 1px solid #e4e7eb; text-align: right; }
th { background: #f5f7fa; } td.name, th.name { text-align: left; }
.charts { display: flex; flex-wrap: wrap; gap: 12px; } .note { color: #52606d; }
table.confusion td { min-width: 34px; text-align: center; font-variant-numeric: tabular-nums; }
.diagram { overflow-x: auto; } .misclassified { display: flex; flex-wrap: wrap; gap: 10px; }
figure { margin: 0; text-align: center; font-size: 12px; } figure img { width: 56px; height: 56px; image-rendering: pixelated; border: 1px solid #cbd2d9; }
`;

export function renderReport(input: ReportInput): string {
  const { record } = input;
  const backends = [...new Set(record.trainings.map((t) => t.backend))];
  const modelNames = [...new Set([...record.trainings.map((t) => t.model), ...record.evaluations.map((e) => e.model)])];
  const body = [
    `<h1>Run report: ${escapeXml(input.file)}</h1>`,
    `<p class="note">Started ${escapeXml(input.started.toISOString())}, took ${input.seconds.toFixed(1)} s${backends.length ? `, on ${escapeXml(backends.join(", "))}` : ""}.</p>`,
    ...record.trainings.map(trainingSection),
    ...record.evaluations.map(evaluationSection),
    ...modelNames.map((name) => {
      const model = input.models.get(name);
      return model ? `<h2>Model ${escapeXml(name)}</h2><div class="diagram">${diagramSvg(model)}</div>` : "";
    }),
    record.saved.length
      ? `<h2>Saved</h2><ul>${record.saved.map((s) => `<li>${escapeXml(s.model)} → ${escapeXml(s.path)}</li>`).join("")}</ul>`
      : "",
  ];
  return [
    "<!doctype html>",
    '<html lang="en"><head><meta charset="utf-8">',
    `<title>dl run ${escapeXml(input.file)}</title>`,
    `<style>${STYLE}</style></head><body>`,
    ...body.filter(Boolean),
    "</body></html>",
    "",
  ].join("\n");
}

function trainingSection(training: TrainingRecord, index: number): string {
  const { settings } = training;
  const config = (entry: { name: string; config: Readonly<Record<string, unknown>> }) =>
    `${entry.name} ${Object.entries(entry.config)
      .map(([k, v]) => `${k}=${String(v)}`)
      .join(" ")}`.trim();
  const rows: [string, string][] = [
    ["model", training.model],
    ["data", `${training.data}: ${training.counts.train} training examples, ${training.counts.validation} validation`],
    ["optimizer", config(settings.optimizer)],
    ["loss", config(settings.loss)],
    ["metrics", settings.metrics.join(", ") || "none"],
    ["epochs", `${training.epochs.length} of ${settings.epochs}`],
    ["batch", String(settings.batch)],
    ["seed", String(settings.seed)],
    ["shuffle", String(settings.shuffle)],
    ...(settings.schedule ? [["schedule", config(settings.schedule)] as [string, string]] : []),
    ...(settings.earlyStopping ? [["early stopping", config({ name: "", config: settings.earlyStopping })] as [string, string]] : []),
    ["backend", training.backend],
    ["started", training.started],
    ["time", `${training.epochs.reduce((sum, e) => sum + e.seconds, 0).toFixed(1)} s`],
  ];
  const keys = [...new Set(training.epochs.flatMap((e) => Object.keys(e.logs)))];
  const epochTable = [
    `<table class="epochs"><tr><th>epoch</th>${keys.map((k) => `<th>${escapeXml(k)}</th>`).join("")}<th>learning rate</th><th>seconds</th></tr>`,
    ...training.epochs.map(
      (e) =>
        `<tr><td>${e.epoch}</td>${keys.map((k) => `<td>${e.logs[k]?.toFixed(4) ?? ""}</td>`).join("")}<td>${e.learningRate ?? ""}</td><td>${e.seconds.toFixed(1)}</td></tr>`,
    ),
    "</table>",
  ].join("\n");
  const events = [
    ...(training.stopped ? [`<li>${escapeXml(training.stopped.message)} (stopped after epoch ${training.stopped.epoch})</li>`] : []),
    ...training.learningRateChanges.map(
      (c) => `<li>learning rate ${c.previous} → ${c.current} after epoch ${c.epoch} (${escapeXml(c.by)})</li>`,
    ),
  ];
  return [
    `<section class="training"><h2>Training ${index + 1}: ${escapeXml(training.model)} on ${escapeXml(training.data)}</h2>`,
    `<table class="settings">${rows.map(([k, v]) => `<tr><th class="name">${escapeXml(k)}</th><td class="name">${escapeXml(v)}</td></tr>`).join("")}</table>`,
    `<div class="charts">${quantities(training)
      .map((q) => historyChart(training, q))
      .join("\n")}</div>`,
    events.length ? `<ul class="events">${events.join("")}</ul>` : "",
    `<details><summary>Every epoch</summary>${epochTable}</details></section>`,
  ].join("\n");
}

function evaluationSection(evaluation: EvaluationRecord): string {
  const logs = Object.entries(evaluation.logs)
    .map(([k, v]) => `${escapeXml(k)} ${v.toFixed(4)}`)
    .join(", ");
  const parts = [
    `<section class="evaluation"><h2>Evaluation of ${escapeXml(evaluation.model)} on ${escapeXml(evaluation.data)}.${escapeXml(evaluation.split)}</h2>`,
    `<p>${evaluation.count} examples: ${logs}</p>`,
  ];
  if (evaluation.confusion) parts.push(confusionSection(evaluation.confusion));
  if (evaluation.misclassified?.length) {
    parts.push(
      `<h3>Misclassified (the first ${evaluation.misclassified.length}: true → predicted)</h3><div class="misclassified">`,
      ...evaluation.misclassified.map(
        (m) =>
          `<figure><img src="${m.image}" alt="example ${m.index}"><figcaption>${escapeXml(m.truth)} → ${escapeXml(m.predicted)}</figcaption></figure>`,
      ),
      "</div>",
    );
  }
  parts.push("</section>");
  return parts.join("\n");
}

function confusionSection(confusion: Confusion): string {
  const { classes, counts } = confusion;
  const correct = correctCount(confusion);
  const total = counts.flat().reduce((a, b) => a + b, 0);
  const cell = (count: number, truth: number, predicted: number) => {
    const share =
      count /
      Math.max(
        1,
        counts[truth]!.reduce((a, b) => a + b, 0),
      );
    const hue = truth === predicted ? "31, 111, 209" : "228, 87, 46";
    const colour = share > 0.55 && truth === predicted ? "#fff" : "#1f2933";
    return `<td style="background: rgba(${hue}, ${Math.min(1, truth === predicted ? share : share * 4).toFixed(3)}); color: ${colour}">${count}</td>`;
  };
  const matrix = [
    `<table class="confusion" data-correct="${correct}" data-total="${total}">`,
    `<tr><th class="name">true ↓ predicted →</th>${classes.map((c) => `<th>${escapeXml(c)}</th>`).join("")}</tr>`,
    ...counts.map((row, t) => `<tr><th class="name">${escapeXml(classes[t]!)}</th>${row.map((n, p) => cell(n, t, p)).join("")}</tr>`),
    "</table>",
  ];
  const percent = (x: number) => (Number.isNaN(x) ? "–" : `${(100 * x).toFixed(1)}%`);
  const scores = [
    '<table class="scores"><tr><th class="name">class</th><th>precision</th><th>recall</th><th>examples</th></tr>',
    ...classScores(confusion).map(
      (s) =>
        `<tr><td class="name">${escapeXml(s.name)}</td><td>${percent(s.precision)}</td><td>${percent(s.recall)}</td><td>${s.support}</td></tr>`,
    ),
    "</table>",
  ];
  return [`<h3>Confusion matrix (${correct} of ${total} right)</h3>`, ...matrix, "<h3>Per class</h3>", ...scores].join("\n");
}
