import { test } from "uvu";
import * as assert from "uvu/assert";
import { accuracyKind, createMetric } from "../../../stdlib/metrics/index.ts";
import { assertClose } from "../../helpers/conformance.ts";

// Three samples, three classes; argmax per row: 1, 0, 2.
const probs = new Float32Array([0.1, 0.7, 0.2, 0.5, 0.3, 0.2, 0.3, 0.3, 0.4]);

const close = (actual: number, expected: number, what: string) => assertClose([actual], [expected], what);

test("accuracy picks the Keras variant from the loss, else from the label layout", () => {
  assert.is(accuracyKind("sparse_categorical_crossentropy", "sparse", 3), "sparse_categorical");
  assert.is(accuracyKind("categorical_crossentropy", "dense", 3), "categorical");
  assert.is(accuracyKind("binary_crossentropy", "dense", 3), "binary");
  assert.is(accuracyKind("mean_squared_error", "dense", 1), "binary");
  assert.is(accuracyKind(undefined, "sparse", 3), "sparse_categorical");
  assert.is(accuracyKind(undefined, "dense", 3), "categorical");
});

test("sparse categorical accuracy accumulates over batches", () => {
  const m = createMetric("accuracy", { loss: "sparse_categorical_crossentropy" });
  m.update(probs, [1, 0, 0], 3, 3); // 2 of 3
  m.update(new Float32Array([0.9, 0.05, 0.05]), [2], 1, 3); // 0 of 1
  close(m.result(), 0.5, "accuracy");
  m.reset();
  close(m.result(), 0, "after reset");
});

test("categorical accuracy compares argmaxes", () => {
  const m = createMetric("accuracy", { loss: "categorical_crossentropy" });
  m.update(probs, [0, 1, 0, 0, 0, 1, 0, 0, 1], 3, 3);
  close(m.result(), 2 / 3, "accuracy");
});

test("binary accuracy thresholds at 0.5 per element", () => {
  const m = createMetric("accuracy", { loss: "binary_crossentropy" });
  m.update(new Float32Array([0.9, 0.4, 0.5, 0.2]), [1, 1, 0, 0], 4, 1); // right, wrong, right (0.5 is not > 0.5), right
  close(m.result(), 0.75, "accuracy");
  const multiLabel = createMetric("accuracy", { loss: "binary_crossentropy" });
  multiLabel.update(new Float32Array([0.9, 0.1, 0.6, 0.7]), [1, 1, 0, 1], 2, 2); // 1/2 and 1/2
  close(multiLabel.result(), 0.5, "multi-label accuracy");
});

test("loss is the sample-weighted mean of batch losses", () => {
  const m = createMetric("loss");
  m.update([2], [], 3, 1);
  m.update([1], [], 1, 1);
  close(m.result(), 7 / 4, "loss");
  m.update([0, 4], [], 2, 1);
  close(m.result(), 11 / 6, "loss with per-sample values");
});

test("mae averages absolute errors", () => {
  const m = createMetric("mae");
  m.update(new Float32Array([1, 2, 3, 4]), [1.5, 2, 2, 6], 2, 2); // |.| = 0.5, 0, 1, 2
  close(m.result(), 3.5 / 4, "mae");
});

test("precision and recall over one-hot, sparse and binary labels", () => {
  // Predicted positive (> 0.5): indices 1 and 2; index 3 is exactly 0.5, so not positive.
  const preds = new Float32Array([0.1, 0.7, 0.6, 0.5, 0.3, 0.2]);
  const onehot = [0, 1, 0, 1, 0, 0]; // 2 samples x 3 classes
  // positives predicted: idx 1 (tp), idx 2 (fp); actual positives: idx 1 (tp), idx 3 (fn)
  const p = createMetric("precision");
  const r = createMetric("recall");
  p.update(preds, onehot, 2, 3);
  r.update(preds, onehot, 2, 3);
  close(p.result(), 0.5, "precision");
  close(r.result(), 0.5, "recall");
  const sparseP = createMetric("precision");
  sparseP.update(preds, [1, 0], 2, 3);
  close(sparseP.result(), 0.5, "precision from sparse labels");
  const binary = createMetric("recall");
  binary.update(new Float32Array([0.9, 0.2, 0.8, 0.1]), [1, 1, 1, 0], 4, 1); // tp 2, fn 1
  close(binary.result(), 2 / 3, "binary recall");
  const perClass = createMetric("precision", { class_id: 2 });
  perClass.update(preds, onehot, 2, 3); // class 2: one fp
  close(perClass.result(), 0, "class 2 precision");
  assert.throws(() => createMetric("precision", { k: 2 }), /unknown option "k"/);
});

test("top_k counts the true class among the k best (ties included)", () => {
  const m = createMetric("top_k", { k: 2 });
  m.update(probs, [2, 1, 0], 3, 3); // row 0: class 2 is 2nd → hit; row 1: class 1 is 2nd → hit; row 2: class 0 ties 2nd → hit
  close(m.result(), 1, "top 2");
  const top1 = createMetric("top_k", { k: 1 });
  // One-hot targets 1, 1, 2: row 0 hit; row 1 miss (class 0 is higher); row 2 hit.
  top1.update(probs, [0, 1, 0, 0, 1, 0, 0, 0, 1], 3, 3);
  close(top1.result(), 2 / 3, "top 1, one-hot");
  const defaultK = createMetric("top_k");
  defaultK.update(probs, [0, 1, 2], 3, 3); // k = 5 ≥ 3 classes: always a hit
  close(defaultK.result(), 1, "k = 5");
});

test("mismatched sizes and unknown names are rejected", () => {
  assert.throws(() => createMetric("accuracy").update(probs, [1, 2], 3, 3), /2 labels/);
  assert.throws(() => createMetric("accuracy").update(probs, [1, 2, 0], 2, 3), /9 predictions/);
  assert.throws(() => createMetric("f1"), /unknown metric "f1"/);
});

test.run();
