#!/usr/bin/env node
// The `dl` command runs the TypeScript sources through tsx, so a fresh `npm install` needs no build step.
import { register } from "tsx/esm/api";

// Chevrotain is ~600 small ES modules; loaded before tsx's loader hooks are on, it costs
// ~50 ms instead of a hook round trip per module (~0.3 s of start-up).
await import("chevrotain");
register();
await import("../cli/main.ts");
