// The test page's entry: puts each step on globalThis for the Node side to call through
// page.evaluate. Bundled by ../bundle-page.ts when the test runs.
import { conformance } from "./conformance/conformance.ts";
import { environment } from "./environment.ts";
import { webglKernelParity } from "./kernel-parity.ts";
import { mnist } from "./mnist.ts";
import type { PageSteps } from "./protocol.ts";

const steps: PageSteps = { environment, kernelParity: webglKernelParity, conformance, mnist };
(globalThis as unknown as { dlBrowserTest: PageSteps }).dlBrowserTest = steps;
