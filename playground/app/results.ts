// After training: the confusion matrix of the last model trained and its predictions on a few
// test inputs (images drawn as pictures, other inputs as numbers).
import type { Plane, Results, Sample } from "./protocol.ts";

/** One colour per class, the plane's cells in a paler tone. */
const CLASS_COLORS = ["#1f77b4", "#ff7f0e", "#2ca02c", "#9467bd", "#8c564b", "#e377c2", "#7f7f7f", "#bcbd22", "#17becf", "#d62728"];

export function renderResults(target: HTMLElement, results: Results): void {
  target.replaceChildren();
  const correct = results.confusion.reduce((sum, row, i) => sum + row[i]!, 0);
  const total = results.confusion.flat().reduce((a, b) => a + b, 0);
  const heading = document.createElement("h3");
  heading.textContent = `${results.model} on ${results.split}: ${correct} of ${total} right (${((100 * correct) / total).toFixed(1)}%)`;
  const row = document.createElement("div");
  row.className = "results-row";
  row.append(confusionTable(results));
  if (results.plane) row.append(plane(results.plane));
  target.append(heading, row, samples(results.samples));
}

/** The model's decision over the plane of its two inputs, the examples on top (a square: wrong). */
function plane({ points, x, y, grid, size }: Plane): HTMLCanvasElement {
  const canvas = document.createElement("canvas");
  const scale = 4;
  canvas.width = canvas.height = size * scale;
  canvas.className = "plane";
  const context = canvas.getContext("2d")!;
  grid.forEach((cls, i) => {
    context.fillStyle = CLASS_COLORS[cls % CLASS_COLORS.length]!;
    context.globalAlpha = 0.3;
    context.fillRect((i % size) * scale, Math.floor(i / size) * scale, scale, scale);
  });
  context.globalAlpha = 1;
  const px = (value: number, [low, high]: [number, number]) => ((value - low) / (high - low)) * size * scale;
  for (const [vx, vy, actual, predicted] of points) {
    const cx = px(vx, x);
    const cy = size * scale - px(vy, y);
    context.fillStyle = CLASS_COLORS[actual % CLASS_COLORS.length]!;
    context.beginPath();
    context.arc(cx, cy, 2.5, 0, 2 * Math.PI);
    context.fill();
    if (actual !== predicted) {
      context.strokeStyle = "black";
      context.strokeRect(cx - 4, cy - 4, 8, 8);
    }
  }
  return canvas;
}

function confusionTable({ classes, confusion }: Results): HTMLTableElement {
  const table = document.createElement("table");
  table.className = "confusion";
  const most = Math.max(1, ...confusion.flat());
  const head = table.createTHead().insertRow();
  head.insertCell().textContent = "true \\ predicted";
  for (const name of classes) head.insertCell().textContent = name;
  confusion.forEach((row, i) => {
    const tr = table.insertRow();
    tr.insertCell().textContent = classes[i]!;
    row.forEach((count, j) => {
      const cell = tr.insertCell();
      cell.textContent = String(count);
      const strength = count / most;
      // The diagonal in blue, mistakes in red, darker for more examples.
      cell.style.background = i === j ? `rgba(31, 119, 180, ${strength})` : count ? `rgba(214, 39, 40, ${0.15 + 0.85 * strength})` : "";
      if (strength > 0.6) cell.style.color = "white";
    });
  });
  return table;
}

function samples(list: readonly Sample[]): HTMLElement {
  const box = document.createElement("div");
  box.className = "samples";
  for (const sample of list) {
    const card = document.createElement("figure");
    card.className = sample.label === sample.predicted ? "sample right" : "sample wrong";
    card.append(picture(sample) ?? numbers(sample));
    const caption = document.createElement("figcaption");
    caption.textContent = `${sample.predicted} (${(100 * sample.confidence).toFixed(0)}%), true ${sample.label}`;
    card.append(caption);
    box.append(card);
  }
  return box;
}

/** A grey image for inputs shaped rows × cols (× 1). */
function picture(sample: Sample): HTMLCanvasElement | undefined {
  const [rows, cols, channels = 1] = sample.featureShape;
  if (sample.featureShape.length < 2 || channels !== 1 || !rows || !cols) return undefined;
  const canvas = document.createElement("canvas");
  canvas.width = cols;
  canvas.height = rows;
  const context = canvas.getContext("2d")!;
  const image = context.createImageData(cols, rows);
  const low = Math.min(...sample.features);
  const high = Math.max(...sample.features);
  sample.features.forEach((value, i) => {
    const grey = 255 - Math.round((255 * (value - low)) / (high - low || 1));
    image.data.set([grey, grey, grey, 255], 4 * i);
  });
  context.putImageData(image, 0, 0);
  return canvas;
}

function numbers(sample: Sample): HTMLElement {
  const code = document.createElement("code");
  const shown = sample.features.slice(0, 4).map((v) => Number(v.toPrecision(3)));
  code.textContent = `(${shown.join(", ")}${sample.features.length > 4 ? ", …" : ""})`;
  return code;
}
