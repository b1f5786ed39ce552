// examples/forecast.dl: an LSTM forecasting a noisy sine wave beats the trivial forecasts on the
// validation windows with its fixed seed. The baselines are computed here from the same split:
// predicting the training mean (MSE ≈ the wave's variance, 0.5 + noise²) and repeating the last
// value of the window (MSE ≈ 0.05). The LSTM must reach at most half the last-value MSE.
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { test } from "uvu";
import * as assert from "uvu/assert";
import { CpuBackend } from "../../interpreter/backends/cpu/cpu-backend.ts";
import { runProgram } from "../../interpreter/run.ts";
import { prepareData } from "../../interpreter/runtime/data.ts";
import { compile, collect } from "../interpreter/runtime/helpers.ts";

const file = fileURLToPath(new URL("../../examples/forecast.dl", import.meta.url));
const program = compile(readFileSync(file, "utf8"), file);

test("forecast.dl: the LSTM's validation MSE is under half the last-value baseline", async () => {
  const { train, validation } = prepareData(program.checked.data.get("wave")!, file).splits;
  assert.ok(validation, "forecast.dl holds out a validation split");
  const window = validation!.featureShape[0]!;
  const mse = (predict: (i: number) => number) => {
    let sum = 0;
    for (let i = 0; i < validation!.count; i++) sum += (predict(i) - validation!.labels[i]!) ** 2;
    return sum / validation!.count;
  };
  const trainMean = train.labels.reduce((a, b) => a + b, 0) / train.count;
  const meanBaseline = mse(() => trainMean);
  const lastValueBaseline = mse((i) => validation!.features[(i + 1) * window - 1]!);
  assert.ok(meanBaseline > 0.4 && lastValueBaseline > 0.03, `baselines ${meanBaseline} ${lastValueBaseline}`);

  const run = collect();
  await runProgram(program, { backend: new CpuBackend(), reporter: run.reporter });
  const [evaluated] = run.evaluated;
  assert.is(evaluated!.split, "validation");
  assert.is(evaluated!.count, validation!.count);
  const loss = evaluated!.logs["loss"]!;
  assert.ok(loss < 0.5 * lastValueBaseline, `LSTM MSE ${loss} vs last-value MSE ${lastValueBaseline}`);
  assert.ok(loss < 0.05 * meanBaseline, `LSTM MSE ${loss} vs mean-prediction MSE ${meanBaseline}`);
});

test.run();
