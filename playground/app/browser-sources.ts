// The data sources that make their examples in memory, so they run in a page as they are. `source
// mnist` runs on a subset fetched beside the page (mnist-subset.ts); sources that read files do not run.
export const BROWSER_SOURCES: ReadonlySet<string> = new Set(["xor", "spirals", "iris", "parity", "sine"]);
