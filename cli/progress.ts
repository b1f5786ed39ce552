// What `dl run` prints while it works: a progress bar per epoch on a terminal, and one plain
// Keras-style line per epoch everywhere (so CI logs stay readable).
import cliProgress from "cli-progress";
import type { Logs, RunReporter } from "../interpreter/api.ts";

export function formatLogs(logs: Logs): string {
  return Object.entries(logs)
    .map(([key, value]) => `${key}: ${value.toFixed(4)}`)
    .join(" - ");
}

export function consoleReporter(stream: NodeJS.WriteStream = process.stderr): RunReporter {
  const interactive = stream.isTTY === true;
  let bar: cliProgress.SingleBar | undefined;
  let lastDraw = 0;
  return {
    trainBegin(train, counts, backend) {
      const validation = counts.validation ? `, validating on ${counts.validation.toLocaleString("en-US")}` : "";
      console.log(
        `Training ${train.model} on ${train.data}: ${counts.train.toLocaleString("en-US")} examples${validation}, ${train.epochs} epochs of batch ${train.batch}, on ${backend}`,
      );
    },
    epochBegin(epoch, epochs, steps) {
      if (!interactive) return;
      bar = new cliProgress.SingleBar(
        { format: `Epoch ${epoch}/${epochs} [{bar}] {value}/{total} {logs}`, stream, barsize: 30, hideCursor: true, clearOnComplete: true },
        cliProgress.Presets.legacy,
      );
      bar.start(steps, 0, { logs: "" });
    },
    batchEnd(step, steps, logs) {
      // Redrawing every step would cost more than a small step; a few times a second is enough.
      const now = performance.now();
      if (!bar || (now - lastDraw < 100 && step !== steps)) return;
      lastDraw = now;
      bar.update(step, { logs: formatLogs(logs) });
    },
    epochEnd(epoch, epochs, logs, seconds) {
      bar?.stop();
      bar = undefined;
      // Long runs of tiny epochs (xor: 300) print about 20 lines, not one per epoch.
      const every = Math.ceil(epochs / 20);
      if (epoch === 1 || epoch === epochs || epoch % every === 0)
        console.log(`Epoch ${epoch}/${epochs} - ${seconds.toFixed(1)}s - ${formatLogs(logs)}`);
    },
    stopped(message) {
      console.log(message);
    },
    evaluated(model, data, split, count, logs) {
      const part = split === "all" ? data : `${data}.${split}`;
      console.log(`Evaluate ${model} on ${part} (${count.toLocaleString("en-US")} examples): ${formatLogs(logs)}`);
    },
    saved(model, path) {
      console.log(`Saved ${model} to ${path}`);
    },
    loaded(model, path) {
      console.log(`Loaded ${model} from ${path}`);
    },
  };
}
