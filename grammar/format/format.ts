// Canonical text of a .dl program. Prettier and the printer load on the first call, so a
// program (or a web page) that never formats never loads them.

/** Rejects with a DlSyntaxError when the text does not parse. */
export async function formatDl(text: string): Promise<string> {
  const [prettier, { default: plugin }] = await Promise.all([import("prettier/standalone"), import("./prettier-plugin.ts")]);
  return prettier.format(text, { parser: "dl", plugins: [plugin] });
}
