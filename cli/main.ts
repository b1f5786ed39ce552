#!/usr/bin/env node
// The `dl` command line. Every command goes through the same load → report path, and
// user mistakes end with a diagnostic and exit code 1, never a stack trace.
import { existsSync, mkdirSync } from "node:fs";
import { dirname, resolve } from "node:path";
import { createRequire } from "node:module";
import { relative } from "node:path";
import { Command, InvalidArgumentError, Option } from "commander";
import {
  BackendUnavailableError,
  backendNames,
  DiagnosticError,
  exportFormatNames,
  exportModel,
  formatFiles,
  generatePytorch,
  hasErrors,
  importModelFile,
  loadBackend,
  loadProgram,
  parityReports,
  parseMemorySize,
  predictFile,
  runProgram,
  TrainingInterrupted,
  runPytorch,
  RunRecorder,
  summarize,
  teeReporters,
  UserError,
  writeExport,
  writeDiagrams,
  writeHistoryFiles,
  writeReport,
  type Backend,
  type CheckedProgram,
  type Diagnostic,
  type RunReporter,
} from "../interpreter/api.ts";
import { formatExitCode } from "./format-exit-code.ts";
import { formatParity } from "./parity.ts";
import { predictionHeader, predictionLine } from "./prediction-line.ts";
import { consoleReporter } from "./progress.ts";
import { reportJson, reportText } from "./report.ts";

// `dl run … | head` closes the pipe early; stop quietly, as other command-line tools do.
for (const stream of [process.stdout, process.stderr]) {
  stream.on("error", (e: NodeJS.ErrnoException) => {
    if (e.code !== "EPIPE") throw e;
    process.exit(process.exitCode ?? 0);
  });
}

// By the package's own name, so that the sources (cli/main.ts) and the package's compiled
// dist/cli/main.js read the same package.json.
const { version } = createRequire(import.meta.url)("dl-lang/package.json") as { version: string };

const program = new Command()
  .name("dl")
  .description("check, format, train and evaluate .dl deep-learning programs")
  .version(version)
  .showHelpAfterError();

program
  .command("check")
  .description("check files and print a summary of every model")
  .argument("<files...>", ".dl files")
  .addOption(new Option("--format <format>", "output format").choices(["text", "json"]).default("text"))
  .addOption(
    new Option(
      "--backends <names>",
      "also run every model on these backends (comma-separated, the first the reference) and compare",
    ).argParser(backendList),
  )
  .option("--strict", "treat warnings as errors (exit 1)")
  .option("--diagram <file>", "also draw every model: .svg, .mmd (Mermaid) or .md (Mermaid in Markdown); several models get one file each")
  .option("--max-memory <size>", "refuse a model whose training needs more (e.g. 8GB; default: the machine's memory)", memorySize)
  .action(
    async (
      files: string[],
      options: { format: "text" | "json"; backends?: string[]; strict?: boolean; diagram?: string; maxMemory?: number },
    ) => {
      if (options.backends && options.format === "json") throw new UserError("--backends prints text tables", "leave out --format json");
      if (options.diagram && files.length > 1) throw new UserError("--diagram draws the models of one file", "check one file at a time");
      const backends = options.backends ? await Promise.all(options.backends.map((name) => loadBackend(name))) : [];
      let failed = false;
      const json: object[] = [];
      for (const file of files) {
        const loaded = loadProgram(file, { check: true, ...(options.maxMemory ? { maxMemory: options.maxMemory } : {}) });
        failed ||= hasErrors(loaded.diagnostics) || (options.strict === true && loaded.diagnostics.length > 0);
        const drawn =
          options.diagram && loaded.checked && !hasErrors(loaded.diagnostics)
            ? await writeDiagrams([...loaded.checked.models.values()], options.diagram)
            : [];
        if (options.format === "json") {
          json.push(...reportJson(loaded.diagnostics, file));
          continue;
        }
        if (loaded.diagnostics.length) console.error(reportText(loaded.diagnostics, file, loaded.source));
        if (hasErrors(loaded.diagnostics) || !loaded.checked) continue;
        for (const model of loaded.checked.models.values()) console.log(summarize(model) + "\n");
        if (drawn.length) console.log(`Wrote ${drawn.join(", ")}`);
        if (backends.length) failed = !(await checkParity(loaded.checked, backends, file, loaded.source)) || failed;
      }
      if (options.format === "json") console.log(JSON.stringify(json, null, 2));
      process.exitCode = failed ? 1 : 0;
    },
  );

/** Prints the parity of every model of a checked file; false if a backend differs or cannot run a model. */
async function checkParity(checked: CheckedProgram, backends: Backend[], file: string, source: string): Promise<boolean> {
  try {
    const reports = await parityReports(checked, backends);
    for (const report of reports) console.log(formatParity(report));
    return reports.every((r) => r.passed);
  } catch (e) {
    if (!(e instanceof DiagnosticError)) throw e;
    console.error(reportText([e.diagnostic], file, source));
    return false;
  }
}

program
  .command("ast")
  .description("print the syntax tree of a file as JSON (see grammar/ast.schema.json)")
  .argument("<file>", ".dl file")
  .action((file: string) => {
    const loaded = loadProgram(file, { check: false });
    if (hasErrors(loaded.diagnostics) || !loaded.program) {
      console.error(reportText(loaded.diagnostics, file, loaded.source));
      process.exitCode = 1;
      return;
    }
    console.log(JSON.stringify(loaded.program, null, 2));
  });

program
  .command("run")
  .description("check a program, then train, evaluate and save as it says")
  .argument("<file>", ".dl file")
  .addOption(new Option("--backend <name>", "where to compute").choices(backendNames).default("cpu"))
  .addOption(new Option("--engine <engine>", "run a generated program on another engine (see docs/scale-out.md)").choices(["pytorch"]))
  .option("--nproc <n>", "pytorch: processes (DistributedDataParallel ranks); the global batch stays the file's", positiveInteger, 1)
  .addOption(new Option("--device <device>", "pytorch: where each process computes").choices(["cpu", "cuda"]).default("cpu"))
  .option("--keep <dir>", "pytorch: keep the generated program and its data in this folder")
  .option("--epochs <n>", "override every `epochs` setting", positiveInteger)
  .option("--batch <n>", "override every `batch` setting", positiveInteger)
  .option("--seed <n>", "override every `seed` setting", wholeNumber)
  .option("--log-every <n>", "print every Nth epoch's line (the first and last always print)", positiveInteger, 1)
  .option("--quiet", "no epoch lines or progress; only the header, learning-rate cuts, stops and results")
  .option("--resume", "continue each `train` with a `checkpoint` setting from its newest checkpoint")
  .option("--report <file>", "also write an HTML report of the run: curves, the model diagram, a classifier's confusion matrix")
  .option("--max-memory <size>", "refuse a model whose training needs more (e.g. 8GB; default: the machine's memory)", memorySize)
  .option(
    "--threads <n>",
    "cpu backend: threads for convolutions and large matrix products (the same results for any count)",
    positiveInteger,
    1,
  )
  .action(
    async (
      file: string,
      options: {
        backend: string;
        threads: number;
        engine?: "pytorch";
        nproc: number;
        device: "cpu" | "cuda";
        keep?: string;
        epochs?: number;
        batch?: number;
        seed?: number;
        logEvery: number;
        quiet?: boolean;
        resume?: boolean;
        report?: string;
        maxMemory?: number;
      },
    ) => {
      if (!options.engine && (options.nproc !== 1 || options.device !== "cpu" || options.keep)) {
        throw new UserError("--nproc, --device and --keep are options of the pytorch engine", "add --engine pytorch");
      }
      if (options.engine && (options.logEvery !== 1 || options.quiet || options.resume || options.report || options.threads !== 1)) {
        throw new UserError(
          "--log-every, --quiet, --resume, --report and --threads are options of the built-in engine",
          "leave out --engine pytorch",
        );
      }
      if (options.threads !== 1 && options.backend !== "cpu") {
        throw new UserError(
          `--threads is an option of the cpu backend, not of ${options.backend}`,
          "leave out --threads, or use --backend cpu",
        );
      }
      // Found out before training, not after it.
      if (options.report && !existsSync(dirname(resolve(options.report)))) {
        throw new UserError(
          `cannot write ${options.report}: its folder does not exist`,
          "create the folder first, or name another",
          "DL305",
        );
      }
      const loaded = loadProgram(file, { check: true, ...(options.maxMemory ? { maxMemory: options.maxMemory } : {}) });
      if (loaded.diagnostics.length) console.error(reportText(loaded.diagnostics, file, loaded.source));
      if (hasErrors(loaded.diagnostics) || !loaded.program || !loaded.checked) {
        process.exitCode = 1;
        return;
      }
      if (options.resume && !loaded.checked.workflow.some((step) => step.type === "train" && step.train.checkpoint)) {
        throw new UserError(
          `--resume continues from checkpoints, and no \`train\` in ${file} has a \`checkpoint\` setting`,
          'add `checkpoint "DIR"` to the `train` block, or leave out --resume',
        );
      }
      const started = performance.now();
      const startedAt = new Date();
      const recorder = new RunRecorder();
      let failed = false;
      const program = { file, source: loaded.source, program: loaded.program, checked: loaded.checked };
      const overrides = {
        ...(options.epochs ? { epochs: options.epochs } : {}),
        ...(options.batch ? { batch: options.batch } : {}),
        ...(options.seed !== undefined ? { seed: options.seed } : {}),
      };
      try {
        if (options.engine === "pytorch") {
          await runPytorch(program, {
            nproc: options.nproc,
            device: options.device,
            ...(options.keep ? { keep: options.keep } : {}),
            ...overrides,
          });
        } else {
          const reporter = consoleReporter({
            logEvery: options.logEvery,
            quiet: options.quiet === true,
            overridden: new Set(Object.keys(overrides) as ("epochs" | "batch" | "seed")[]),
          });
          const interrupt = new AbortController();
          // The first Ctrl-C stops training after its current step; a second one quits at once.
          process.on("SIGINT", () => {
            if (interrupt.signal.aborted) process.exit(130);
            interrupt.abort();
          });
          const console_ = { ...reporter, warning: (d: Diagnostic) => console.error(reportText([d], file, loaded.source)) };
          await runProgram(program, {
            backend: await loadBackend(options.backend, { threads: options.threads }),
            reporter: options.report ? teeReporters(console_, recorder.reporter) : teeReporters(console_, historyOnly(recorder)),
            ...overrides,
            ...(options.resume ? { resume: true } : {}),
            signal: interrupt.signal,
          });
        }
      } catch (e) {
        if (e instanceof TrainingInterrupted) {
          // The progress bar hides the cursor on a terminal; give it back.
          if (process.stderr.isTTY) process.stderr.write("\x1b[?25h\n");
          const where = e.step > 0 ? `in epoch ${e.epoch} after step ${e.step}` : `after epoch ${e.epoch}`;
          const kept = e.checkpoint
            ? `checkpoint ${e.checkpoint} written; continue with \`dl run ${file} --resume\``
            : 'no checkpoint (add `checkpoint "DIR"` to `train` to keep progress)';
          console.error(`Interrupted ${where}: ${kept}`);
          process.exitCode = 130;
          return;
        }
        if (!(e instanceof DiagnosticError)) throw e;
        console.error(reportText([e.diagnostic], file, loaded.source));
        process.exitCode = 1;
        failed = true;
      }
      // The history and the report are written after a failed run too: the epochs up to a divergence are what to look at.
      const { record } = recorder;
      const history = await writeHistoryFiles(record, file);
      if (history.length) console.log(`Wrote the history to ${history.join(", ")}`);
      if (options.report) {
        const seconds = (performance.now() - started) / 1000;
        await writeReport(options.report, { file, record, models: loaded.checked.models, started: startedAt, seconds });
        console.log(`Wrote the report to ${options.report}`);
      }
      if (!failed) console.log(`Done in ${((performance.now() - started) / 1000).toFixed(1)}s`);
    },
  );

program
  .command("export")
  .description("write a model with its weights in another format, or a program's training as a PyTorch program")
  .argument("<file>", ".dl file")
  .addOption(
    new Option("--to <format>", "the format (see docs/export.md)").choices([...exportFormatNames, "pytorch"]).makeOptionMandatory(),
  )
  .option(
    "--weights <file>",
    "a model format: the weights file (default: the program's `save` file when it exists, else the seed's weights)",
  )
  .option("--out <path>", "where to write (pytorch: a folder, required; default MODEL.onnx, folder MODEL_tfjs, MODEL.keras)")
  .option("--epochs <n>", "pytorch: override the `epochs` setting", positiveInteger)
  .option("--batch <n>", "pytorch: override the `batch` setting", positiveInteger)
  .option("--seed <n>", "override the `seed` setting (the initial weights)", wholeNumber)
  .action(async (file: string, options: { to: string; weights?: string; out?: string; epochs?: number; batch?: number; seed?: number }) => {
    if (options.to === "pytorch" && options.weights)
      throw new UserError("--weights is for the model formats", "leave it out with --to pytorch");
    if (options.to === "pytorch" && !options.out) throw new UserError("--to pytorch needs --out <dir>", "name a folder for the program");
    if (options.to !== "pytorch" && (options.epochs || options.batch)) {
      throw new UserError("--epochs and --batch are options of --to pytorch", "a model format exports weights, it does not train");
    }
    const loaded = loadProgram(file);
    if (loaded.diagnostics.length) console.error(reportText(loaded.diagnostics, file, loaded.source));
    if (hasErrors(loaded.diagnostics) || !loaded.program || !loaded.checked) {
      process.exitCode = 1;
      return;
    }
    const program = { file, source: loaded.source, program: loaded.program, checked: loaded.checked };
    const seed = options.seed !== undefined ? { seed: options.seed } : {};
    try {
      if (options.to === "pytorch") {
        const generated = await generatePytorch(program, {
          ...(options.epochs ? { epochs: options.epochs } : {}),
          ...(options.batch ? { batch: options.batch } : {}),
          ...seed,
        });
        mkdirSync(options.out!, { recursive: true });
        await generated.write(options.out!);
        console.log(`Wrote ${options.out}/train.py; run it there with \`python3 train.py\` or \`torchrun --nproc_per_node=N train.py\``);
        return;
      }
      const exported = await exportModel(program, { to: options.to, ...(options.weights ? { weights: options.weights } : {}), ...seed });
      const out = options.out ?? `${exported.model.name}${exported.format.extension}`;
      await writeExport(exported.output, out);
      const from = exported.weights
        ? `weights from ${relative(process.cwd(), exported.weights)}`
        : `weights initialized from seed ${exported.seed} (no weights file)`;
      const steps = exported.preprocess.map((step) => ("scale" in step ? "scale" : "standardize"));
      const preprocessing = steps.length ? `; its input preprocessing (${steps.join(", ")}) is part of the graph` : "";
      console.log(`Wrote ${out}: model \`${exported.model.name}\`, ${from}${preprocessing}`);
    } catch (e) {
      if (!(e instanceof DiagnosticError)) throw e;
      console.error(reportText([e.diagnostic], file, loaded.source));
      process.exitCode = 1;
    }
  });

program
  .command("predict")
  .description("print a saved model's predictions for the rows of a CSV file")
  .argument("<weights>", "a .safetensors file saved by `save`")
  .argument("<input>", "CSV file (one column per input value, header row optional) or JSON file (as `source json` reads)")
  .addOption(new Option("--backend <name>", "where to compute").choices(backendNames).default("cpu"))
  .action(async (weights: string, input: string, options: { backend: string }) => {
    const table = await predictFile(weights, input, await loadBackend(options.backend));
    for (const note of table.notes) console.error(`note: ${note}`);
    console.log(predictionHeader(table.columns));
    for (const prediction of table.rows) console.log(predictionLine(prediction));
  });

program
  .command("import")
  .description("turn a Keras or TF.js model into a .dl program and its weights")
  .argument("<model>", "a TF.js model.json (its weight shards beside it) or a Keras 3 .keras file")
  .option("--out <file>", "the .dl file to write (default: beside the model); its weights go beside it as .safetensors")
  .action(async (model: string, options: { out?: string }) => {
    const imported = await importModelFile(model, options.out);
    console.log(`Wrote ${imported.program} and ${imported.weights}`);
  });

program
  .command("fmt")
  .description("format files canonically (prints the result unless --check or --write)")
  .argument("<files...>", ".dl files")
  .option("--check", "list files that are not formatted; exit 1 if any")
  .option("--write", "rewrite files in place")
  .action(async (files: string[], options: { check?: boolean; write?: boolean }) => {
    const mode = options.write ? "write" : options.check ? "check" : "print";
    const results = await formatFiles(files, mode);
    for (const result of results) {
      if (result.status === "error") {
        console.error(result.diagnostics ? reportText(result.diagnostics, result.path, result.source ?? "") : `error: ${result.message}`);
      } else if (mode === "print") process.stdout.write(result.formatted);
      else if (result.status === "changed") console.log(mode === "write" ? `formatted ${result.path}` : `not formatted: ${result.path}`);
    }
    process.exitCode = formatExitCode(results, mode);
  });

/** The recorder's hooks but the evaluated outputs, which only a report needs (they cost a forward pass). */
function historyOnly(recorder: RunRecorder): RunReporter {
  const { evaluatedOutputs: _, ...hooks } = recorder.reporter;
  return hooks;
}

/** `cpu,webgl`: at least two known backend names. */
function backendList(value: string): string[] {
  const names = value.split(",").map((name) => name.trim());
  const unknown = names.find((name) => !backendNames.includes(name));
  if (unknown !== undefined) throw new InvalidArgumentError(`unknown backend "${unknown}"; available: ${backendNames.join(", ")}`);
  if (names.length < 2) throw new InvalidArgumentError("name at least two backends to compare, e.g. cpu,webgl");
  return names;
}

function wholeNumber(value: string): number {
  const n = Number(value);
  if (!/^\d+$/.test(value) || !Number.isSafeInteger(n)) throw new InvalidArgumentError("expected a whole number (0 or more)");
  return n;
}

function memorySize(value: string): number {
  const bytes = parseMemorySize(value);
  if (bytes === undefined) throw new InvalidArgumentError("expected a size such as 8GB, 512MB or a number of bytes");
  return bytes;
}

function positiveInteger(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1) throw new InvalidArgumentError("expected a positive whole number");
  return n;
}

try {
  await program.parseAsync();
} catch (e) {
  if (e instanceof UserError) console.error(`error${e.code ? `[${e.code}]` : ""}: ${e.message}${e.hint ? `\n  = hint: ${e.hint}` : ""}`);
  else if (e instanceof BackendUnavailableError) console.error(`error: ${e.message}`);
  else throw e;
  process.exitCode = 1;
}
