// The Adam update, four weights at a time, in place:
//
//   adam(w, g, m, v, bytes, step, beta1, oneMinusBeta1, beta2, oneMinusBeta2, invCorrection2, epsilon)
//   m = beta1*m + (1-beta1)*g;  v = beta2*v + (1-beta2)*g*g
//   w -= step*m / (sqrt(v*invCorrection2) + epsilon),  step = lr / (1 - beta1^t)
//
// Pointers are byte offsets of 16-byte aligned tensors padded to whole vectors (the heap
// guarantees both), `bytes` a positive multiple of 16. Arithmetic is float32, so results
// differ from the JavaScript kernel (float64, rounded on store) by float32 rounding. 1 - beta
// comes in computed in float64: in float32 from float32(0.999) it would be off by 1e-5.
import { address, F32, I32, nextVector, op, V128, type WasmFunction } from "./assembler.ts";

// Params 0 w, 1 g, 2 m, 3 v, 4 bytes, 5 step, 6 beta1, 7 1-beta1, 8 beta2, 9 1-beta2, 10 invCorrection2, 11 epsilon.
const [W, G, M, V, BYTES, STEP, BETA1, OMB1, BETA2, OMB2, INV_C2, EPS] = [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11];
// Locals: 12 offset; splats 13 beta1, 14 1-beta1, 15 beta2, 16 1-beta2, 17 step, 18 invC2, 19 eps; 20 g, 21 m, 22 v.
const I = 12;
const [S_B1, S_OMB1, S_B2, S_OMB2, S_STEP, S_INV_C2, S_EPS, GV, MV, VV] = [13, 14, 15, 16, 17, 18, 19, 20, 21, 22];

const at = (base: number) => address(base, I);
const splat = (param: number, local: number) => [...op.localGet(param), ...op.f32x4Splat, ...op.localSet(local)];

function body(): number[] {
  return [
    ...splat(BETA1, S_B1),
    ...splat(OMB1, S_OMB1),
    ...splat(BETA2, S_B2),
    ...splat(OMB2, S_OMB2),
    ...splat(STEP, S_STEP),
    ...splat(INV_C2, S_INV_C2),
    ...splat(EPS, S_EPS),
    ...op.loop,
    ...at(G),
    ...op.v128Load(0),
    ...op.localSet(GV),
    // m = beta1*m + (1-beta1)*g
    ...at(M),
    ...op.localGet(S_B1),
    ...at(M),
    ...op.v128Load(0),
    ...op.f32x4Mul,
    ...op.localGet(S_OMB1),
    ...op.localGet(GV),
    ...op.f32x4Mul,
    ...op.f32x4Add,
    ...op.localTee(MV),
    ...op.v128Store(0),
    // v = beta2*v + (1-beta2)*g*g
    ...at(V),
    ...op.localGet(S_B2),
    ...at(V),
    ...op.v128Load(0),
    ...op.f32x4Mul,
    ...op.localGet(S_OMB2),
    ...op.localGet(GV),
    ...op.f32x4Mul,
    ...op.localGet(GV),
    ...op.f32x4Mul,
    ...op.f32x4Add,
    ...op.localTee(VV),
    ...op.v128Store(0),
    // w -= step*m / (sqrt(v*invC2) + eps)
    ...at(W),
    ...at(W),
    ...op.v128Load(0),
    ...op.localGet(S_STEP),
    ...op.localGet(MV),
    ...op.f32x4Mul,
    ...op.localGet(VV),
    ...op.localGet(S_INV_C2),
    ...op.f32x4Mul,
    ...op.f32x4Sqrt,
    ...op.localGet(S_EPS),
    ...op.f32x4Add,
    ...op.f32x4Div,
    ...op.f32x4Sub,
    ...op.v128Store(0),
    // next vector
    ...nextVector(I, BYTES),
    ...op.end,
  ];
}

export const adamKernel: WasmFunction = {
  name: "adam",
  params: [I32, I32, I32, I32, I32, F32, F32, F32, F32, F32, F32, F32],
  locals: [
    [1, I32],
    [10, V128],
  ],
  body: body(),
};
