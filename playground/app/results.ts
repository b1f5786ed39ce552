// After training: the confusion matrix of the last model trained and its predictions on a few
// test inputs (images drawn as pictures, other inputs as numbers).
import type { Results, Sample } from "./protocol.ts";

export function renderResults(target: HTMLElement, results: Results): void {
  target.replaceChildren();
  const correct = results.confusion.reduce((sum, row, i) => sum + row[i]!, 0);
  const total = results.confusion.flat().reduce((a, b) => a + b, 0);
  const heading = document.createElement("h3");
  heading.textContent = `${results.model} on ${results.split}: ${correct} of ${total} right (${((100 * correct) / total).toFixed(1)}%)`;
  target.append(heading, confusionTable(results), samples(results.samples));
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
