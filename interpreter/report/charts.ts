// Line charts of a training's history as inline SVG: one chart per quantity (the loss and each
// metric), the training curve solid and the validation curve dashed, with the early-stopping epoch
// and learning-rate changes marked by vertical lines. Plain SVG, not a charting library: the report
// stays one small file that needs no script, and prints and opens offline as it is.
import { escapeXml } from "../diagram/svg.ts";
import type { TrainingRecord } from "./run-record.ts";

const WIDTH = 420;
const HEIGHT = 240;
const MARGIN = { left: 58, right: 16, top: 28, bottom: 36 };
const TRAIN_COLOUR = "#1f6fd1";
const VALIDATION_COLOUR = "#e4572e";

/** The quantities a training reported, in order: loss first, then each metric (without `val_`). */
export function quantities(training: TrainingRecord): string[] {
  const keys = new Set(training.epochs.flatMap((e) => Object.keys(e.logs)));
  return [...keys].filter((k) => !k.startsWith("val_"));
}

export function historyChart(training: TrainingRecord, quantity: string): string {
  const series = [quantity, `val_${quantity}`]
    .map((key) => ({ key, points: training.epochs.filter((e) => e.logs[key] !== undefined).map((e) => [e.epoch, e.logs[key]!] as const) }))
    .filter((s) => s.points.length > 0);
  const values = series.flatMap((s) => s.points.map(([, v]) => v)).filter(Number.isFinite);
  const lastEpoch = Math.max(1, ...training.epochs.map((e) => e.epoch));
  let low = Math.min(...values);
  let high = Math.max(...values);
  if (!(high > low)) [low, high] = [low - 0.5, high + 0.5];
  const pad = (high - low) * 0.08;
  low -= pad;
  high += pad;
  const plotWidth = WIDTH - MARGIN.left - MARGIN.right;
  const plotHeight = HEIGHT - MARGIN.top - MARGIN.bottom;
  // One epoch sits in the middle; more spread over the width.
  const x = (epoch: number) => MARGIN.left + (lastEpoch === 1 ? plotWidth / 2 : ((epoch - 1) / (lastEpoch - 1)) * plotWidth);
  const y = (value: number) => MARGIN.top + (1 - (value - low) / (high - low)) * plotHeight;
  const parts: string[] = [];
  for (const tick of ticks(low, high, 5)) {
    parts.push(
      `<line x1="${MARGIN.left}" x2="${WIDTH - MARGIN.right}" y1="${r(y(tick))}" y2="${r(y(tick))}" stroke="#e4e7eb"/>`,
      `<text x="${MARGIN.left - 6}" y="${r(y(tick) + 4)}" text-anchor="end">${label(tick)}</text>`,
    );
  }
  for (const epoch of epochTicks(lastEpoch)) {
    parts.push(`<text x="${r(x(epoch))}" y="${HEIGHT - MARGIN.bottom + 16}" text-anchor="middle">${epoch}</text>`);
  }
  parts.push(`<text x="${MARGIN.left + plotWidth / 2}" y="${HEIGHT - 4}" text-anchor="middle" fill="#52606d">epoch</text>`);
  for (const change of training.learningRateChanges) {
    // A change after epoch e takes effect from epoch e + 1: the line sits between them.
    const at = x(Math.min(change.epoch + 0.5, lastEpoch));
    parts.push(
      `<line class="marker learning-rate" x1="${r(at)}" x2="${r(at)}" y1="${MARGIN.top}" y2="${HEIGHT - MARGIN.bottom}" stroke="#9b59b6" stroke-dasharray="2 3"><title>learning rate ${change.previous} → ${change.current} (${escapeXml(change.by)}) after epoch ${change.epoch}</title></line>`,
    );
  }
  if (training.stopped) {
    const at = x(training.stopped.epoch);
    parts.push(
      `<line class="marker early-stopping" x1="${r(at)}" x2="${r(at)}" y1="${MARGIN.top}" y2="${HEIGHT - MARGIN.bottom}" stroke="#2e7d32" stroke-width="1.5"><title>${escapeXml(training.stopped.message)}</title></line>`,
      `<text x="${r(at - 4)}" y="${MARGIN.top + 12}" text-anchor="end" fill="#2e7d32">stopped</text>`,
    );
  }
  for (const { key, points } of series) {
    const colour = key.startsWith("val_") ? VALIDATION_COLOUR : TRAIN_COLOUR;
    const dash = key.startsWith("val_") ? ' stroke-dasharray="6 3"' : "";
    const coordinates = points.map(([e, v]) => `${r(x(e))},${r(y(v))}`).join(" ");
    parts.push(
      `<polyline class="curve" data-series="${escapeXml(key)}" points="${coordinates}" fill="none" stroke="${colour}" stroke-width="2"${dash}/>`,
      ...points.map(
        ([e, v]) =>
          `<circle cx="${r(x(e))}" cy="${r(y(v))}" r="2.5" fill="${colour}"><title>${escapeXml(key)} epoch ${e}: ${v}</title></circle>`,
      ),
    );
  }
  const legend = series
    .map(({ key }, i) => {
      const colour = key.startsWith("val_") ? VALIDATION_COLOUR : TRAIN_COLOUR;
      const left = MARGIN.left + 8 + i * 130;
      return `<line x1="${left}" x2="${left + 18}" y1="14" y2="14" stroke="${colour}" stroke-width="2"${key.startsWith("val_") ? ' stroke-dasharray="6 3"' : ""}/><text x="${left + 22}" y="18">${escapeXml(key.startsWith("val_") ? "validation" : "training")}</text>`;
    })
    .join("");
  return [
    `<svg xmlns="http://www.w3.org/2000/svg" class="chart" data-quantity="${escapeXml(quantity)}" width="${WIDTH}" height="${HEIGHT}" viewBox="0 0 ${WIDTH} ${HEIGHT}" font-family="system-ui, sans-serif" font-size="11">`,
    `<rect width="${WIDTH}" height="${HEIGHT}" fill="#fff"/>`,
    `<text x="${WIDTH - MARGIN.right}" y="18" text-anchor="end" font-weight="bold" font-size="13">${escapeXml(quantity)}</text>`,
    legend,
    `<rect x="${MARGIN.left}" y="${MARGIN.top}" width="${plotWidth}" height="${plotHeight}" fill="none" stroke="#cbd2d9"/>`,
    ...parts,
    "</svg>",
  ].join("\n");
}

/** About `count` round values between low and high. */
function ticks(low: number, high: number, count: number): number[] {
  const rough = (high - low) / count;
  const power = 10 ** Math.floor(Math.log10(rough));
  const step = [1, 2, 5, 10].map((m) => m * power).find((s) => s >= rough)!;
  const result: number[] = [];
  for (let t = Math.ceil(low / step) * step; t <= high; t += step) result.push(Math.round(t / step) * step);
  return result;
}

function epochTicks(last: number): number[] {
  const step = Math.max(1, Math.ceil(last / 10));
  const result: number[] = [];
  for (let e = 1; e <= last; e += step) result.push(e);
  if (result.at(-1) !== last) result.push(last);
  return result;
}

function label(value: number): string {
  return Math.abs(value) >= 1000 || (value !== 0 && Math.abs(value) < 0.001)
    ? value.toExponential(1)
    : String(Number(value.toPrecision(4)));
}

function r(value: number): number {
  return Math.round(value * 10) / 10;
}
