// db[k, j] (+)= sum over rows of dy_k[row, j] for inputs dy_0 … dy_{m-1} and db [m, n]: the
// gradient of GRU's stacked bias [2, 3*units] from dmx (input bias) and dmh (recurrent bias).
// Honours `accumulate`.
import type { CpuKernel } from "../kernel.ts";
import { boolAttr } from "../../shared/attrs.ts";

export const gruBiasSumsKernel: CpuKernel = {
  run(inputs, [db], attrs) {
    const [stacks, n] = db!.shape as [number, number];
    if (db!.shape.length !== 2 || inputs.length !== stacks) throw new Error(`gru_bias_sums: ${inputs.length} inputs into [${db!.shape}]`);
    const dbs = db!.data;
    if (!boolAttr(attrs, "accumulate")) dbs.fill(0);
    inputs.forEach(({ data, shape }, k) => {
      if (data.length % n !== 0) throw new Error(`gru_bias_sums: [${shape}] does not end in ${n} values`);
      for (let start = 0; start < data.length; start += n) {
        for (let j = 0; j < n; j++) dbs[k * n + j] = dbs[k * n + j]! + data[start + j]!;
      }
    });
  },
};
