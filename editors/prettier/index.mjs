// Plain-JS entry for the Prettier CLI, which cannot load .ts plugins itself:
//   npx prettier --plugin ./editors/prettier/index.mjs examples/xor.dl
// It registers tsx, then re-exports the TypeScript plugin.
import { register } from "tsx/esm/api";

// Chevrotain loads faster before tsx's loader hooks are on (see bin/dl.js).
await import("chevrotain");
register();
const plugin = await import("./plugin.ts");

export const { languages, parsers, printers } = plugin;
export default plugin.default;
