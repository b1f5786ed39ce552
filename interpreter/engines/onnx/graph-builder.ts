// Builds an ONNX graph node by node: each call adds a node or an initializer and returns the name
// of the tensor it makes, so layer mappings read like the formulas they implement.
import type { Attribute, OnnxNode, OnnxTensor } from "./onnx-model.ts";

export const int = (value: number): Attribute => ({ type: "int", value });
export const float = (value: number): Attribute => ({ type: "float", value });
export const floats = (value: readonly number[]): Attribute => ({ type: "floats", value });
export const ints = (value: readonly number[]): Attribute => ({ type: "ints", value });
export const string = (value: string): Attribute => ({ type: "string", value });
export const strings = (value: readonly string[]): Attribute => ({ type: "strings", value });

export class GraphBuilder {
  readonly nodes: OnnxNode[] = [];
  readonly initializers: OnnxTensor[] = [];
  private readonly used = new Set<string>();
  /** Names new tensors after the layer being mapped (`dense_1/MatMul`), so the graph reads like the model. */
  scope = "";

  /** Adds a node with one output; returns the output's name. */
  op(op: string, inputs: readonly string[], attributes: Record<string, Attribute> = {}): string {
    return this.opWithOutputs(op, inputs, 1, attributes)[0]!;
  }

  /** Adds a node with `count` outputs (LSTM's Y and Y_h, …). */
  opWithOutputs(op: string, inputs: readonly string[], count: number, attributes: Record<string, Attribute> = {}): string[] {
    const outputs = Array.from({ length: count }, (_, i) => this.fresh(count === 1 ? op : `${op}_${i}`));
    this.nodes.push({ op, inputs, outputs, attributes });
    return outputs;
  }

  /** A float32 constant (a weight); returns its name. */
  floats(name: string, dims: readonly number[], data: Float32Array): string {
    const unique = this.fresh(name);
    this.initializers.push({ name: unique, dims, type: "float", data });
    return unique;
  }

  /** A scalar float32 constant, broadcast against any tensor. */
  scalar(name: string, value: number): string {
    return this.floats(name, [], Float32Array.of(value));
  }

  /** A 1-D int64 constant (shapes, pads, axes). */
  int64s(name: string, values: readonly number[]): string {
    const unique = this.fresh(name);
    this.initializers.push({ name: unique, dims: [values.length], type: "int64", data: values });
    return unique;
  }

  /** Renames the tensor the graph ends in (an Identity node), so the graph's output has a stable name. */
  output(from: string, name: string): void {
    this.used.add(name);
    this.nodes.push({ op: "Identity", inputs: [from], outputs: [name], attributes: {} });
  }

  private fresh(base: string): string {
    const stem = this.scope ? `${this.scope}/${base}` : base;
    let name = stem;
    for (let i = 1; this.used.has(name); i++) name = `${stem}_${i}`;
    this.used.add(name);
    return name;
  }
}
