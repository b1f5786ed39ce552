// The few protocol-buffer encodings an ONNX file needs: varints, length-delimited fields
// (strings, bytes, nested messages) and packed repeated varints. A message is written as a list
// of its fields' bytes, concatenated once at the end.
import { concatBytes } from "../../../stdlib/bytes.ts";

/** The bytes of one message under construction, field by field. */
export class ProtoWriter {
  private readonly parts: Uint8Array[] = [];

  /** A varint field (int32, int64, enum, bool); zero is written too, so a field that is set stays set. */
  varint(field: number, value: number): this {
    this.parts.push(key(field, 0), varint(value));
    return this;
  }

  /** A 32-bit float field. */
  float(field: number, value: number): this {
    const bytes = new Uint8Array(4);
    new DataView(bytes.buffer).setFloat32(0, value, true);
    this.parts.push(key(field, 5), bytes);
    return this;
  }

  string(field: number, value: string): this {
    return this.bytes(field, new TextEncoder().encode(value));
  }

  bytes(field: number, value: Uint8Array): this {
    this.parts.push(key(field, 2), varint(value.length), value);
    return this;
  }

  message(field: number, message: ProtoWriter): this {
    return this.bytes(field, message.finish());
  }

  /** A packed repeated varint field (repeated int64). */
  packedVarints(field: number, values: readonly number[]): this {
    return this.bytes(field, concatBytes(values.map(varint)));
  }

  /** A packed repeated float field. */
  packedFloats(field: number, values: readonly number[]): this {
    const floats = Float32Array.from(values);
    return this.bytes(field, new Uint8Array(floats.buffer));
  }

  finish(): Uint8Array {
    return concatBytes(this.parts);
  }
}

function key(field: number, wireType: number): Uint8Array {
  return varint(field * 8 + wireType);
}

/** Base-128 varint; a negative number is its 64-bit two's complement (10 bytes), as protobuf writes int64. */
function varint(value: number): Uint8Array {
  if (!Number.isSafeInteger(value)) throw new Error(`protobuf varint: ${value} is not a safe integer`);
  let n = BigInt.asUintN(64, BigInt(value));
  const bytes: number[] = [];
  do {
    const low = Number(n & 0x7fn);
    n >>= 7n;
    bytes.push(n ? low | 0x80 : low);
  } while (n);
  return Uint8Array.from(bytes);
}
