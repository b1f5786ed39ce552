// gpu.js is an optional peer dependency, often not installed: device.ts types the few parts it
// uses itself, so the type-check passes with or without the package.
declare module "gpu.js";
