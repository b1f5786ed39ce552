// The differentiable ops layers build graphs from: `import * as ops from ".../ops/index.ts"`.
export { add } from "./add.ts";
export { dense } from "./dense.ts";
export { dropout } from "./dropout.ts";
export { loss } from "./loss.ts";
export { flatten, reshape } from "./reshape.ts";
export { logSoftmax, softmax } from "./softmax.ts";
export { unary } from "./unary.ts";
