#!/usr/bin/env node
// The `dl` command runs the TypeScript sources through tsx, so a fresh `npm install` needs no build step.
import { register } from "tsx/esm/api";

register();
await import("../cli/main.ts");
