// A line chart in plain SVG: a few series of at most a few hundred points each, redrawn per
// epoch. SVG rather than a charting library: it costs nothing to ship, scales with the page, and
// the test (and anyone) can read the drawn points back from the DOM.
const SVG = "http://www.w3.org/2000/svg";
const WIDTH = 360;
const HEIGHT = 180;
const PAD = { left: 44, right: 10, top: 22, bottom: 24 };
const COLORS = ["#1f77b4", "#ff7f0e", "#2ca02c", "#d62728"];

export class LineChart {
  readonly element: SVGSVGElement;
  private readonly series = new Map<string, number[]>();

  constructor(
    private readonly title: string,
    /** Fixed y range (accuracy: 0..1); absent: fitted to the data. */
    private readonly range?: [number, number],
  ) {
    this.element = document.createElementNS(SVG, "svg");
    this.element.setAttribute("viewBox", `0 0 ${WIDTH} ${HEIGHT}`);
    this.element.classList.add("chart");
    this.draw();
  }

  reset(): void {
    this.series.clear();
    this.draw();
  }

  push(name: string, value: number): void {
    if (!this.series.has(name)) this.series.set(name, []);
    this.series.get(name)!.push(value);
    this.draw();
  }

  private draw(): void {
    const values = [...this.series.values()].flat().filter(Number.isFinite);
    const [low, high] = this.range ?? (values.length ? [Math.min(0, ...values), Math.max(...values)] : [0, 1]);
    const points = Math.max(2, ...[...this.series.values()].map((s) => s.length));
    const x = (i: number) => PAD.left + (i / (points - 1)) * (WIDTH - PAD.left - PAD.right);
    const y = (v: number) => HEIGHT - PAD.bottom - ((v - low) / (high - low || 1)) * (HEIGHT - PAD.top - PAD.bottom);
    const parts = [
      `<text x="${PAD.left}" y="14" class="chart-title">${this.title}</text>`,
      `<line x1="${PAD.left}" y1="${y(low)}" x2="${WIDTH - PAD.right}" y2="${y(low)}" class="axis"/>`,
      `<line x1="${PAD.left}" y1="${y(low)}" x2="${PAD.left}" y2="${y(high)}" class="axis"/>`,
      `<text x="${PAD.left - 4}" y="${y(high) + 4}" class="tick" text-anchor="end">${round(high)}</text>`,
      `<text x="${PAD.left - 4}" y="${y(low) + 4}" class="tick" text-anchor="end">${round(low)}</text>`,
      `<text x="${WIDTH - PAD.right}" y="${HEIGHT - 6}" class="tick" text-anchor="end">${values.length ? `${points} epochs` : "epochs"}</text>`,
    ];
    [...this.series].forEach(([name, series], index) => {
      const color = COLORS[index % COLORS.length];
      const path = series.map((v, i) => `${x(i).toFixed(1)},${y(v).toFixed(1)}`).join(" ");
      parts.push(`<polyline data-series="${name}" points="${path}" fill="none" stroke="${color}" stroke-width="1.5"/>`);
      parts.push(
        `<text x="${WIDTH - PAD.right - 90 * (this.series.size - index - 1)}" y="14" class="legend" fill="${color}" text-anchor="end">${name}</text>`,
      );
    });
    this.element.innerHTML = parts.join("");
  }
}

function round(value: number): string {
  return Number(value.toPrecision(3)).toString();
}
