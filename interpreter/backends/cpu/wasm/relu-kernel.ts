// relu and its gradient, four floats at a time, over tensors padded to whole vectors:
//
//   relu(x, y, bytes):                       y = x > 0 ? x : 0   (f32x4.pmax(0, x); NaN gives 0)
//   relu_grad(x, dy, dx, bytes, accumulate): dx (+)= x > 0 ? dy : 0
//
// Branch-free, where the JavaScript loops mispredict on every other sign change.
import { address as at, I32, nextVector, op, V128, type WasmFunction } from "./assembler.ts";

// relu: params 0 x, 1 y, 2 bytes; locals 3 offset, 4 zero.
function reluBody(): number[] {
  const [X, Y, BYTES, I, ZERO] = [0, 1, 2, 3, 4];
  return [
    ...op.v128Zero,
    ...op.localSet(ZERO),
    ...op.loop,
    ...at(Y, I),
    ...op.localGet(ZERO),
    ...at(X, I),
    ...op.v128Load(0),
    ...op.f32x4Pmax,
    ...op.v128Store(0),
    ...nextVector(I, BYTES),
    ...op.end,
  ];
}

// relu_grad: params 0 x, 1 dy, 2 dx, 3 bytes, 4 accumulate; locals 5 offset, 6 zero, 7 masked dy.
function reluGradBody(): number[] {
  const [X, DY, DX, BYTES, ACCUMULATE, I, ZERO, G] = [0, 1, 2, 3, 4, 5, 6, 7];
  return [
    ...op.v128Zero,
    ...op.localSet(ZERO),
    ...op.loop,
    ...at(DY, I),
    ...op.v128Load(0),
    ...at(X, I),
    ...op.v128Load(0),
    ...op.localGet(ZERO),
    ...op.f32x4Gt,
    ...op.v128And,
    ...op.localSet(G),
    ...op.localGet(ACCUMULATE),
    ...op.if,
    ...at(DX, I),
    ...op.v128Load(0),
    ...op.localGet(G),
    ...op.f32x4Add,
    ...op.localSet(G),
    ...op.end,
    ...at(DX, I),
    ...op.localGet(G),
    ...op.v128Store(0),
    ...nextVector(I, BYTES),
    ...op.end,
  ];
}

export const reluKernel: WasmFunction = {
  name: "relu",
  params: [I32, I32, I32],
  locals: [
    [1, I32],
    [1, V128],
  ],
  body: reluBody(),
};

export const reluGradKernel: WasmFunction = {
  name: "relu_grad",
  params: [I32, I32, I32, I32, I32],
  locals: [
    [1, I32],
    [2, V128],
  ],
  body: reluGradBody(),
};
