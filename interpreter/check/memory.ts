// How much memory training a model needs, worked out from its checked shapes before anything
// is allocated, so that an absurd size (`layer dense 1e9`) is refused by the checker instead of
// crashing the backend halfway through building it.
import type { ModelDecl } from "../../grammar/ast.ts";
import { error, type Diagnostic } from "../../diagnostics/diagnostic.ts";
import type { CheckedModel, CheckedNode } from "./checked.ts";

const FLOAT_BYTES = 4;

/**
 * Copies of the weights that training holds: the weights, their gradients and an optimizer's
 * two moments (Adam's; the other optimizers keep fewer), so the estimate is an upper bound.
 */
const WEIGHT_COPIES = 4;

/** Each layer's output is kept for the backward pass, and its gradient beside it. */
const ACTIVATION_COPIES = 2;

/** The batch of a model no `train` names (one that is only loaded and evaluated): Keras' default. */
export const DEFAULT_BATCH = 32;

/** Where the machine's memory is unknown (a web page): what one WebAssembly memory can hold. */
const UNKNOWN_MACHINE_LIMIT = 4 * 1024 ** 3;

export interface MemoryEstimate {
  weights: number;
  activations: number;
  total: number;
}

export function estimateMemory(model: CheckedModel, batch: number): MemoryEstimate {
  let weights = 0;
  let activations = size(model.inputShape);
  const pending: CheckedNode[] = [...model.nodes];
  while (pending.length > 0) {
    const node = pending.pop()!;
    activations += size(node.outputShape);
    if (node.type === "residual") pending.push(...node.body);
    else for (const param of node.params) weights += size(param.shape);
  }
  const weightBytes = weights * FLOAT_BYTES * WEIGHT_COPIES;
  const activationBytes = activations * batch * FLOAT_BYTES * ACTIVATION_COPIES;
  return { weights: weightBytes, activations: activationBytes, total: weightBytes + activationBytes };
}

/** The default limit: the machine's memory where Node says what it is. */
export function machineMemoryLimit(): number {
  const os = globalThis.process?.getBuiltinModule?.("node:os");
  return os?.totalmem() ?? UNKNOWN_MACHINE_LIMIT;
}

/** DL403 on the model's name when training it with `batch` needs more than `limit` bytes. */
export function memoryDiagnostic(model: CheckedModel, decl: ModelDecl, batch: number, limit: number): Diagnostic | undefined {
  const estimate = estimateMemory(model, batch);
  if (estimate.total <= limit) return undefined;
  return error(
    "DL403",
    `model \`${model.name}\` needs about ${formatBytes(estimate.total)} to train with batch ${batch}; the limit is ${formatBytes(limit)}`,
    decl.name.span,
    {
      label: `weights, gradients and optimizer state ${formatBytes(estimate.weights)}, activations ${formatBytes(estimate.activations)}`,
      hints: [
        "make the layers smaller or the batch smaller; a machine with more memory can raise the limit with `--max-memory` (docs/limits.md)",
      ],
    },
  );
}

function size(shape: readonly number[]): number {
  return shape.reduce((a, b) => a * b, 1);
}

/** `12.3 GB` (powers of 1024, as `--max-memory` reads them); `∞` never appears: such a size is refused as far too large. */
export function formatBytes(bytes: number): string {
  if (!Number.isFinite(bytes)) return "more than 10^308 bytes";
  const units = ["bytes", "KB", "MB", "GB", "TB", "PB", "EB"];
  let value = bytes;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit++;
  }
  return unit === 0 ? `${value} bytes` : `${value < 10 ? value.toFixed(1) : Math.round(value).toLocaleString("en-US")} ${units[unit]}`;
}

/** `--max-memory`'s value: `8GB`, `512MB`, `1.5G` or a number of bytes; undefined when it is not one. */
export function parseMemorySize(text: string): number | undefined {
  const match = /^\s*(\d+(?:\.\d+)?)\s*([KMGT]?)B?\s*$/i.exec(text);
  if (!match) return undefined;
  const power = "BKMGT".indexOf(match[2]!.toUpperCase() || "B");
  const bytes = Number(match[1]) * 1024 ** power;
  return Number.isFinite(bytes) && bytes > 0 ? bytes : undefined;
}
