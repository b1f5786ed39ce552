// Which GPU the page really has: WebGL2's renderer from a context of our own, next to what each
// backend says about itself, so a silent fall back to SwiftShader or to gpu.js' CPU mode shows.
import { pageBackend } from "./backends.ts";
import type { EnvironmentReport } from "./protocol.ts";

/** The little of the DOM this needs (the project compiles without the DOM library). */
interface Gl {
  readonly RENDERER: number;
  getExtension(name: "WEBGL_debug_renderer_info"): { UNMASKED_RENDERER_WEBGL: number } | null;
  getParameter(parameter: number): unknown;
}
interface Page {
  document: { createElement(tag: "canvas"): { getContext(kind: "webgl2"): Gl | null } };
}

export async function environment(): Promise<EnvironmentReport> {
  const gl = (globalThis as unknown as Page).document.createElement("canvas").getContext("webgl2");
  const info = gl?.getExtension("WEBGL_debug_renderer_info");
  const webgl2Renderer = gl ? String(gl.getParameter(info ? info.UNMASKED_RENDERER_WEBGL : gl.RENDERER)) : null;
  const cpu = (await pageBackend("cpu")).describe();
  try {
    return { webgl2Renderer, cpu, webgl: { describe: (await pageBackend("webgl")).describe() } };
  } catch (error) {
    return { webgl2Renderer, cpu, webgl: { error: String(error) } };
  }
}
