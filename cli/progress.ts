// What `dl run` prints while it works: a progress bar per epoch on a terminal, and one plain
// Keras-style line per epoch everywhere (so CI logs stay readable). Without a terminal a long
// epoch prints a plain progress line every PLAIN_PROGRESS_MS, so a log never goes quiet for minutes.
import cliProgress from "cli-progress";
import type { Logs, RunReporter } from "../interpreter/api.ts";

/** How often a long epoch without a terminal says where it is. */
const PLAIN_PROGRESS_MS = 10_000;

export interface ConsoleOptions {
  /** Print every Nth epoch's line (the first and the last always print); 1 prints every epoch. */
  logEvery: number;
  /** No epoch lines and no progress, only the header, learning-rate changes, stops and results. */
  quiet: boolean;
  /** The command-line flags that replaced a `train` setting, stated in the header. */
  overridden: ReadonlySet<"epochs" | "batch" | "seed">;
}

export function formatLogs(logs: Logs): string {
  return Object.entries(logs)
    .map(([key, value]) => `${key}: ${value.toFixed(4)}`)
    .join(" - ");
}

/** The run's header: what trains on what, and every setting the command line overrode. */
export function trainHeader(
  train: { model: string; data: string; epochs: number; batch: number; seed: number },
  counts: { train: number; validation: number },
  backend: string,
  options: ConsoleOptions,
): string {
  const flag = (name: "epochs" | "batch" | "seed") => (options.overridden.has(name) ? ` (--${name})` : "");
  const validation = counts.validation ? `, validating on ${counts.validation.toLocaleString("en-US")}` : "";
  const seed = options.overridden.has("seed") ? `, seed ${train.seed}${flag("seed")}` : "";
  const logging = options.quiet ? ", quiet" : options.logEvery > 1 ? `, logging every ${options.logEvery} epochs` : "";
  return (
    `Training ${train.model} on ${train.data}: ${counts.train.toLocaleString("en-US")} examples${validation}, ` +
    `${train.epochs} epochs${flag("epochs")} of batch ${train.batch}${flag("batch")}${seed}${logging}, on ${backend}`
  );
}

export function consoleReporter(options: ConsoleOptions, stream: NodeJS.WriteStream = process.stderr): RunReporter {
  const interactive = stream.isTTY === true && !options.quiet;
  let bar: cliProgress.SingleBar | undefined;
  let lastDraw = 0;
  let current = { epoch: 0, epochs: 0, started: 0, lastPlain: 0 };
  const logged = (epoch: number, epochs: number) => !options.quiet && (epoch === 1 || epoch === epochs || epoch % options.logEvery === 0);
  return {
    trainBegin(train, counts, backend) {
      console.log(trainHeader(train, counts, backend, options));
    },
    epochBegin(epoch, epochs, steps) {
      const now = performance.now();
      current = { epoch, epochs, started: now, lastPlain: now };
      if (!interactive) return;
      bar = new cliProgress.SingleBar(
        { format: `Epoch ${epoch}/${epochs} [{bar}] {value}/{total} {logs}`, stream, barsize: 30, hideCursor: true, clearOnComplete: true },
        cliProgress.Presets.legacy,
      );
      bar.start(steps, 0, { logs: "" });
    },
    batchEnd(step, steps, logs) {
      const now = performance.now();
      if (!bar) {
        if (options.quiet || step === steps || now - current.lastPlain < PLAIN_PROGRESS_MS) return;
        current.lastPlain = now;
        const seconds = ((now - current.started) / 1000).toFixed(0);
        console.log(`Epoch ${current.epoch}/${current.epochs} - step ${step}/${steps} - ${seconds}s - ${formatLogs(logs)}`);
        return;
      }
      // Redrawing every step would cost more than a small step; a few times a second is enough.
      if (now - lastDraw < 100 && step !== steps) return;
      lastDraw = now;
      bar.update(step, { logs: formatLogs(logs) });
    },
    epochEnd(epoch, epochs, logs, seconds) {
      bar?.stop();
      bar = undefined;
      if (logged(epoch, epochs)) console.log(`Epoch ${epoch}/${epochs} - ${seconds.toFixed(1)}s - ${formatLogs(logs)}`);
    },
    learningRateChanged(epoch, previous, rate, by) {
      // A plateau's cut is rare and always worth a line; a step schedule's rate is stated beside the epoch lines that print.
      if (by !== "reduce_on_plateau" && !logged(epoch, current.epochs)) return;
      const when = by === "reduce_on_plateau" ? `after epoch ${epoch}` : `at the end of epoch ${epoch}`;
      console.log(`Learning rate ${when}: ${previous.toPrecision(4)} → ${rate.toPrecision(4)} (${by})`);
    },
    stopped(message, epoch) {
      console.log(`Epoch ${epoch}/${current.epochs}: ${message}`);
    },
    evaluated(model, data, split, count, logs) {
      const part = split === "all" ? data : `${data}.${split}`;
      console.log(`Evaluate ${model} on ${part} (${count.toLocaleString("en-US")} examples): ${formatLogs(logs)}`);
    },
    resumed(path, epoch, step) {
      const where = step > 0 ? `epoch ${epoch + 1}, after step ${step}` : `the end of epoch ${epoch}`;
      console.log(`Resuming from ${path} (${where})`);
    },
    noCheckpoint(folder) {
      console.log(`No checkpoint in ${folder} yet; training from the beginning`);
    },
    saved(model, path) {
      console.log(`Saved ${model} to ${path}`);
    },
    loaded(model, path) {
      console.log(`Loaded ${model} from ${path}`);
    },
  };
}
