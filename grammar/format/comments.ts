// Places `#` comments by line, without Prettier's comment attachment: in a line-based
// language a comment either ends a line (trailing, kept on that line) or stands on its
// own line (kept before the next item of the enclosing body, or at the body's end).
// Doing it here avoids Prettier's dangling-comment and blank-line pitfalls.
import type { Comment, ModelItem, Program, Setting, Statement } from "../ast.ts";

export type Item = Statement | ModelItem | Setting;
export type Container = Program | Extract<Item, { body: unknown } | { settings: unknown }>;

export interface CommentPlan {
  /** Comment at the end of an item's first line (a statement, or a `{` header). */
  trailing: Map<Item, Comment>;
  /** Comment after an item's closing `}`. */
  trailingClose: Map<Item, Comment>;
  /** Comments on their own lines, by the body they sit in. */
  ownLine: Map<Container, Comment[]>;
}

interface Anchor {
  offset: number;
  line: number;
  item: Item;
  close: boolean;
}

export function childrenOf(node: Container | Item): Item[] | undefined {
  if ("settings" in node) return node.settings;
  if ("body" in node) return node.body;
  return undefined;
}

export function planComments(program: Program, comments: readonly Comment[]): CommentPlan {
  const anchors: Anchor[] = [];
  const containers: Container[] = [];
  const walk = (items: Item[]): void => {
    for (const item of items) {
      anchors.push({ offset: item.span.start.offset, line: item.span.start.line, item, close: false });
      const children = childrenOf(item);
      if (!children) continue;
      containers.push(item as Container);
      walk(children);
      anchors.push({ offset: item.span.end.offset - 1, line: item.span.end.line, item, close: true });
    }
  };
  walk(program.body);

  const plan: CommentPlan = { trailing: new Map(), trailingClose: new Map(), ownLine: new Map() };
  for (const comment of comments) {
    const { offset, line } = comment.span.start;
    // The last thing printed on the comment's line owns it.
    const owner = anchors.filter((a) => a.line === line && a.offset < offset).at(-1);
    if (owner) (owner.close ? plan.trailingClose : plan.trailing).set(owner.item, comment);
    else {
      const container = innermostContaining(containers, offset) ?? program;
      plan.ownLine.set(container, [...(plan.ownLine.get(container) ?? []), comment]);
    }
  }
  return plan;
}

function innermostContaining(containers: Container[], offset: number): Container | undefined {
  // Containers are listed outer before inner, so the last match is the innermost.
  return containers.filter((c) => c.span.start.offset < offset && offset < c.span.end.offset).at(-1);
}

/** Comment text without trailing spaces; the `#` and the words are kept as written. */
export function commentText(comment: Comment): string {
  return comment.value.trimEnd();
}
