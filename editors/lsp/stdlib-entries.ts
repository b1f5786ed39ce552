// Looks up the stdlib's own descriptions (through the API) by family and name.
import { descriptions, type ArgDescription, type Description, type Family } from "../../interpreter/api.ts";

export function entry(family: Family, name: string): Description | undefined {
  return descriptions[family].find((description) => description.name === name);
}

/** The family a `data`/`train` setting names an entry of: `optimizer adam`, `source csv …`. */
export function settingFamily(key: string): Family | undefined {
  const families: Record<string, Family> = {
    source: "source",
    optimizer: "optimizer",
    loss: "loss",
    schedule: "schedule",
    metrics: "metric",
  };
  return families[key];
}

/** The argument or option a key names, by its name or an alias (`lr` for learning_rate). */
export function findArg(list: readonly ArgDescription[], key: string): ArgDescription | undefined {
  return list.find((arg) => arg.name === key || arg.aliases.includes(key));
}

export function describeArg(arg: ArgDescription): string {
  const fallback = arg.default === undefined ? "required" : `default \`${arg.default}\``;
  const aliases = arg.aliases.length ? ` (also ${arg.aliases.map((alias) => `\`${alias}\``).join(", ")})` : "";
  return `**${arg.name}**${aliases}: ${arg.type}, ${fallback}${arg.doc ? ` — ${arg.doc}` : ""}`;
}

export function describeEntry(description: Description): string {
  const heading = [`**${description.name}**`, description.keras && `\`${description.keras}\``].filter(Boolean).join(" — ");
  const lines = [heading];
  if (description.doc) lines.push("", description.doc);
  if (description.args.length) lines.push("", "Arguments:", ...description.args.map((arg) => `- ${describeArg(arg)}`));
  if (description.options.length) lines.push("", "Options:", ...description.options.map((option) => `- ${describeArg(option)}`));
  return lines.join("\n");
}
