// An ONNX model as plain data, and its encoding as the protocol buffer of onnx.proto (field
// numbers from there). Only what an inference graph of float tensors needs is here.
import { ProtoWriter } from "./protobuf.ts";

/** ONNX IR version 8: the newest that onnx 1.12's checker (Debian 12's python3-onnx) accepts. */
export const IR_VERSION = 8;
/** The default domain's opset: Softmax over one axis (13), LSTM/GRU/RNN, Pad with input pads, Erf. */
export const OPSET = 13;

export type Attribute =
  | { type: "int"; value: number }
  | { type: "float"; value: number }
  | { type: "floats"; value: readonly number[] }
  | { type: "ints"; value: readonly number[] }
  | { type: "string"; value: string }
  | { type: "strings"; value: readonly string[] };

export interface OnnxNode {
  op: string;
  inputs: readonly string[];
  outputs: readonly string[];
  attributes: Readonly<Record<string, Attribute>>;
}

export type OnnxTensor =
  | { name: string; dims: readonly number[]; type: "float"; data: Float32Array }
  | { name: string; dims: readonly number[]; type: "int64"; data: readonly number[] };

/** A graph input or output: float32, each axis a size or a named symbolic size (the batch). */
export interface OnnxValue {
  name: string;
  shape: readonly (number | string)[];
}

export interface OnnxModel {
  graphName: string;
  inputs: readonly OnnxValue[];
  outputs: readonly OnnxValue[];
  nodes: readonly OnnxNode[];
  initializers: readonly OnnxTensor[];
  /** metadata_props: what a consumer may want beside the graph (class names, the source). */
  metadata: Readonly<Record<string, string>>;
}

const attributeTypes = { float: 1, int: 2, string: 3, floats: 6, ints: 7, strings: 8 } as const;
const dataTypes = { float: 1, int64: 7 } as const;

export function encodeModel(model: OnnxModel): Uint8Array {
  const graph = new ProtoWriter();
  for (const node of model.nodes) graph.message(1, encodeNode(node));
  graph.string(2, model.graphName);
  for (const tensor of model.initializers) graph.message(5, encodeTensor(tensor));
  for (const input of model.inputs) graph.message(11, encodeValue(input));
  for (const output of model.outputs) graph.message(12, encodeValue(output));

  const proto = new ProtoWriter()
    .varint(1, IR_VERSION)
    .string(2, "dl")
    .message(7, graph)
    .message(8, new ProtoWriter().string(1, "").varint(2, OPSET));
  for (const [key, value] of Object.entries(model.metadata)) proto.message(14, new ProtoWriter().string(1, key).string(2, value));
  return proto.finish();
}

function encodeNode(node: OnnxNode): ProtoWriter {
  const proto = new ProtoWriter();
  for (const input of node.inputs) proto.string(1, input);
  for (const output of node.outputs) proto.string(2, output);
  proto.string(3, node.outputs[0]!);
  proto.string(4, node.op);
  for (const [name, attribute] of Object.entries(node.attributes)) proto.message(5, encodeAttribute(name, attribute));
  return proto;
}

function encodeAttribute(name: string, attribute: Attribute): ProtoWriter {
  const proto = new ProtoWriter().string(1, name).varint(20, attributeTypes[attribute.type]);
  switch (attribute.type) {
    case "int":
      return proto.varint(3, attribute.value);
    case "float":
      return proto.float(2, attribute.value);
    case "floats":
      return proto.packedFloats(7, attribute.value);
    case "ints":
      return proto.packedVarints(8, attribute.value);
    case "string":
      return proto.string(4, attribute.value);
    case "strings":
      for (const value of attribute.value) proto.string(9, value);
      return proto;
  }
}

function encodeTensor(tensor: OnnxTensor): ProtoWriter {
  const proto = new ProtoWriter().packedVarints(1, tensor.dims).varint(2, dataTypes[tensor.type]).string(8, tensor.name);
  // raw_data is little-endian, as ONNX specifies, and so are typed arrays on the hosts Node runs on.
  const raw =
    tensor.type === "float"
      ? new Uint8Array(tensor.data.buffer, tensor.data.byteOffset, tensor.data.byteLength)
      : new Uint8Array(BigInt64Array.from(tensor.data, (n) => BigInt(n)).buffer);
  return proto.bytes(9, raw);
}

function encodeValue(value: OnnxValue): ProtoWriter {
  const shape = new ProtoWriter();
  for (const dim of value.shape)
    shape.message(1, typeof dim === "number" ? new ProtoWriter().varint(1, dim) : new ProtoWriter().string(2, dim));
  const tensorType = new ProtoWriter().varint(1, dataTypes.float).message(2, shape);
  return new ProtoWriter().string(1, value.name).message(2, new ProtoWriter().message(1, tensorType));
}
