// The differentiable ops layers build graphs from: `import * as ops from ".../ops/index.ts"`.
export { add } from "./add.ts";
export { attention } from "./attention.ts";
export { batchnorm } from "./batchnorm.ts";
export { concat } from "./concat.ts";
export { conv } from "./conv.ts";
export { dense } from "./dense.ts";
export { dropout } from "./dropout.ts";
export { embedding } from "./embedding.ts";
export { layernorm } from "./layernorm.ts";
export { loss } from "./loss.ts";
export { zeroPad2d } from "./pad.ts";
export { globalPool, pool } from "./pool.ts";
export { recurrent, type RecurrentCell } from "./recurrent.ts";
export { flatten, reshape } from "./reshape.ts";
export { reverseTime } from "./reverse.ts";
export { logSoftmax, softmax } from "./softmax.ts";
export { unary } from "./unary.ts";
export { upsample2d } from "./upsample.ts";
