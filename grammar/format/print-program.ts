// The canonical layout of a .dl program, as a Prettier doc:
// - 2-space indentation, one statement per line, single spaces between tokens,
//   positional arguments before `key=value` options (no spaces around `=`);
// - one blank line around top-level declarations (model, block, data, train); a comment
//   line directly above a declaration stays attached to it;
// - elsewhere the user's blank lines are kept, collapsed to at most one, and dropped
//   at the start and end of a body;
// - trailing comments stay on their line after one space; an empty body prints as `{}`;
// - the file ends with exactly one newline.
import type { Doc } from "prettier";
import { builders } from "prettier/doc";
import type { Comment, Option, Program, Value } from "../ast.ts";
import { childrenOf, commentText, planComments, type CommentPlan, type Container, type Item } from "./comments.ts";
import { printValue } from "./print-value.ts";

const { hardline, indent } = builders;

type Entry = { item: Item; offset: number } | { comment: Comment; offset: number };

export function printProgram(program: Program, comments: readonly Comment[]): Doc {
  const plan = planComments(program, comments);
  const lines = printEntries(program, program.body, plan, true);
  return lines.length === 0 ? "" : [lines, hardline];
}

function printEntries(container: Container, items: Item[], plan: CommentPlan, topLevel: boolean): Doc[] {
  const entries: Entry[] = [
    ...items.map((item) => ({ item, offset: item.span.start.offset })),
    ...(plan.ownLine.get(container) ?? []).map((comment) => ({ comment, offset: comment.span.start.offset })),
  ].sort((a, b) => a.offset - b.offset);

  const parts: Doc[] = [];
  entries.forEach((entry, i) => {
    const previous = entries[i - 1];
    if (previous) parts.push(needsBlankLine(previous, entry, topLevel) ? [hardline, hardline] : hardline);
    parts.push("comment" in entry ? commentText(entry.comment) : printItem(entry.item, plan));
  });
  return parts;
}

function needsBlankLine(previous: Entry, next: Entry, topLevel: boolean): boolean {
  const gap = firstLine(next) - lastLine(previous) > 1;
  if (gap || !topLevel) return gap;
  return isDeclaration(previous) || (isDeclaration(next) && !("comment" in previous));
}

function firstLine(entry: Entry): number {
  return "comment" in entry ? entry.comment.span.start.line : entry.item.span.start.line;
}

function lastLine(entry: Entry): number {
  return "comment" in entry ? entry.comment.span.end.line : entry.item.span.end.line;
}

function isDeclaration(entry: Entry): boolean {
  return "item" in entry && ["Model", "Block", "Data", "Train"].includes(entry.item.type);
}

function printItem(item: Item, plan: CommentPlan): Doc {
  const head = printHead(item);
  const children = childrenOf(item);
  if (!children) return withComment(head, plan.trailing.get(item));

  const body = printEntries(item as Container, children, plan, false);
  const closeComment = plan.trailingClose.get(item);
  if (body.length === 0 && !plan.trailing.has(item)) return withComment(`${head} {}`, closeComment);
  return [withComment(`${head} {`, plan.trailing.get(item)), indent([hardline, ...body]), hardline, withComment("}", closeComment)];
}

function withComment(text: string, comment: Comment | undefined): string {
  return comment ? `${text} ${commentText(comment)}` : text;
}

/** The item's first line, without `{` and comments. */
function printHead(item: Item): string {
  switch (item.type) {
    case "Let":
      return `let ${item.name.name} = ${printValue(item.value)}`;
    case "Model":
      return `model ${item.name.name}`;
    case "Block":
      return `block ${item.name.name}(${item.params.map((p) => p.name).join(", ")})`;
    case "Data":
      return `data ${item.name.name}`;
    case "Train":
      return `train ${item.model.name} on ${item.data.name}`;
    case "Evaluate":
      return `evaluate ${item.model.name} on ${item.data.name}${item.split ? `.${item.split.name}` : ""}`;
    case "Save":
      return `save ${item.model.name} ${item.path.raw}`;
    case "Load":
      return `load ${item.model.name} ${item.path.raw}`;
    case "Input":
      return words("input", item.dims, []) + (item.as ? ` as ${item.as.name}` : "");
    case "Layer":
      return (
        words(`layer ${item.kind.name}`, item.args, item.options) +
        (item.from ? ` from ${item.from.name}` : "") +
        (item.as ? ` as ${item.as.name}` : "")
      );
    case "Use":
      return words(item.name.name, item.args, item.options);
    case "Setting":
      return words(item.key.name, item.args, item.options);
    case "Repeat":
      return `repeat ${printValue(item.count)}`;
    case "Residual":
      return "residual";
  }
}

function words(head: string, args: Value[], options: Option[]): string {
  return [head, ...args.map(printArgument), ...options.map((o) => `${o.key.name}=${printValue(o.value)}`)].join(" ");
}

/** `shift 8 (-2)` keeps its parentheses: printed bare, `8 -2` would read as one argument, 8 minus 2. */
function printArgument(arg: Value, index: number): string {
  const text = printValue(arg);
  return index > 0 && text.startsWith("-") ? `(${text})` : text;
}
