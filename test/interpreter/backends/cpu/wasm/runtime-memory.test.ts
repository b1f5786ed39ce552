// The CPU backend's WebAssembly memory cannot grow past 4 GB: a tensor that does not fit is a
// BackendOutOfMemoryError with a one-line message (dl run prints it as DL304), not a RangeError.
import { test } from "uvu";
import * as assert from "uvu/assert";
import { BackendOutOfMemoryError } from "../../../../../interpreter/backends/backend.ts";
import { WasmRuntime } from "../../../../../interpreter/backends/cpu/wasm/runtime.ts";

test("a tensor of 2^31 floats (8 GB) is refused with BackendOutOfMemoryError", () => {
  const wasm = WasmRuntime.create();
  if (!wasm) {
    console.log("skipped: WebAssembly SIMD is unavailable here");
    return;
  }
  const holder = { data: new Float32Array(0) };
  let thrown: unknown;
  try {
    wasm.alloc(holder, 2 ** 31);
  } catch (e) {
    thrown = e;
  }
  assert.instance(thrown, BackendOutOfMemoryError);
  assert.match(
    (thrown as Error).message,
    /^the cpu backend cannot grow its memory to 8\.0 GB \(one WebAssembly memory holds at most 4 GB\)$/,
  );
  assert.is(holder.data.length, 0, "nothing was placed");
});

test.run();
