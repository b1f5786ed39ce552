// `npm run playground`: builds the playground and serves it on http://127.0.0.1:8080/ (PORT to
// change it) until Ctrl-C.
import { buildPlayground, DIST } from "./build.ts";
import { serveStatic } from "./static-server.ts";

const result = await buildPlayground();
if (result.webglMissing) console.log(`note: webgl will be unavailable: ${result.webglMissing}`);
const server = await serveStatic({ "/": DIST }, Number(process.env["PORT"] ?? 8080));
console.log(`dl playground on ${server.url} (Ctrl-C to stop)`);
process.once("SIGINT", () => void server.close().then(() => process.exit(0)));
