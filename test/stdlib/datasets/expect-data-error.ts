import * as assert from "uvu/assert";
import { DataError } from "../../../stdlib/datasets/data-error.ts";

/** Runs `fn`, asserts it throws a DataError whose message matches, and returns the error. */
export function expectDataError(fn: () => unknown, message: RegExp | string): DataError {
  try {
    fn();
  } catch (error) {
    assert.instance(error, DataError);
    const dataError = error as DataError;
    if (typeof message === "string") assert.is(dataError.message, message);
    else assert.match(dataError.message, message);
    return dataError;
  }
  assert.unreachable("expected a DataError");
  throw new Error("unreachable");
}
