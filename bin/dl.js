#!/usr/bin/env node
// `dl` from the TypeScript sources through tsx, for work in this repository (the tests spawn it) without a
// build; the package's `dl` is the compiled dist/cli/main.js.
import { register } from "tsx/esm/api";

// Chevrotain is ~600 small ES modules; loaded before tsx's loader hooks are on, it costs
// ~50 ms instead of a hook round trip per module (~0.3 s of start-up).
await import("chevrotain");
register();
await import("../cli/main.ts");
