// The MNIST subset the playground serves for `source mnist` (written by ../build.ts, fetched by
// the worker): the first images of the training and the test file, kept small for a page.
export const MNIST_SUBSET = {
  file: "mnist-subset.bin",
  train: 2000,
  test: 500,
  rows: 28,
  cols: 28,
  pixels: 28 * 28,
} as const;
