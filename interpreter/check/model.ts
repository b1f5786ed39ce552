// Expands a model (blocks, repeat, residual) into layers and infers every shape.
import type { BlockDecl, Identifier, ModelDecl, ModelItem, Span } from "../../grammar/ast.ts";
import { error, type Diagnostic } from "../../diagnostics/diagnostic.ts";
import { didYouMean } from "../../diagnostics/suggest.ts";
import { layers } from "../../stdlib/layers/index.ts";
import { formatShape, ShapeError, type Shape } from "../../stdlib/layers/layer-spec.ts";
import { positiveInt } from "../../stdlib/values.ts";
import { topLevelKeywords, bodyKeywords } from "../../grammar/keywords.ts";
import { bind } from "./bind.ts";
import type { CheckedLayer, CheckedModel, CheckedNode } from "./checked.ts";
import { convert, type Constants } from "./values.ts";

interface Context {
  blocks: ReadonlyMap<string, BlockDecl>;
  /** Outputs named with `as` so far in this model, for `from` and `add`/`concat`. */
  outputs: Map<string, { shape: Shape; span: Span }>;
  diagnostics: Diagnostic[];
  /** Layer counts per kind, for Keras-style names. */
  counts: Map<string, number>;
  /** Use sites of the blocks being expanded, innermost last, for "used here" notes. */
  useSites: { block: string; span: Span }[];
}

export function checkModel(model: ModelDecl, constants: Constants, blocks: ReadonlyMap<string, BlockDecl>, diagnostics: Diagnostic[]): CheckedModel | undefined {
  const before = diagnostics.length;
  const [first, ...rest] = model.body;
  if (first?.type !== "Input") {
    diagnostics.push(
      error("DL108", `model \`${model.name.name}\` must start with \`input\``, first?.span ?? model.name.span, {
        hints: ["give the shape of one example, without the batch axis: `input 784` or `input 28 28 1`"],
      }),
    );
    return undefined;
  }
  const dims: number[] = [];
  for (const dim of first.dims) {
    const converted = convert(dim, positiveInt, constants, "each `input` dimension");
    if (converted.ok) dims.push(converted.value as number);
    else diagnostics.push(converted.diagnostic);
  }
  if (first.dims.length === 0) diagnostics.push(error("DL104", "`input` needs the shape of one example", first.span, { hints: ["e.g. `input 784` or `input 28 28 1`"] }));
  if (diagnostics.length > before) return undefined;

  const context: Context = { blocks, outputs: new Map(), diagnostics, counts: new Map(), useSites: [] };
  if (first.as) nameOutput(first.as, dims, context);
  const result = expand(rest, dims, constants, context);
  if (!result || diagnostics.slice(before).some((d) => d.severity === "error")) return undefined;
  return {
    name: model.name.name,
    inputShape: dims,
    ...(first.as ? { inputName: first.as.name } : {}),
    outputShape: result.shape,
    nodes: result.nodes,
    span: model.span,
  };
}

function expand(items: readonly ModelItem[], input: Shape, constants: Constants, context: Context): { nodes: CheckedNode[]; shape: Shape } | undefined {
  const nodes: CheckedNode[] = [];
  let shape = input;
  for (const item of items) {
    const expanded = expandItem(item, shape, constants, context);
    // After an error the shape is unknown: stop here rather than report follow-on errors.
    if (!expanded) return undefined;
    nodes.push(...expanded.nodes);
    shape = expanded.shape;
  }
  return { nodes, shape };
}

function expandItem(item: ModelItem, input: Shape, constants: Constants, context: Context): { nodes: CheckedNode[]; shape: Shape } | undefined {
  const { diagnostics } = context;
  switch (item.type) {
    case "Input":
      diagnostics.push(withUseSites(error("DL108", "`input` may appear only once, as the first line of a model", item.span), context));
      return undefined;
    case "Layer": {
      const spec = layers.get(item.kind.name);
      if (!spec) {
        const hint = didYouMean(item.kind.name, layers.keys());
        diagnostics.push(
          withUseSites(
            error("DL103", `unknown layer kind \`${item.kind.name}\``, item.kind.span, {
              label: "not a layer kind",
              hints: [hint ?? "see docs/layers.md for every layer kind"],
            }),
            context,
          ),
        );
        return undefined;
      }
      const what = `layer \`${spec.name}\``;
      const before = diagnostics.length;
      const config = bind({ what, args: item.args, options: item.options, span: item.span }, spec, constants, diagnostics);
      for (const d of diagnostics.slice(before)) withUseSites(d, context);
      if (!config) return undefined;
      const inputs = "merge" in spec ? (config["inputs"] as string[]) : item.from ? [item.from.name] : [];
      const inputShapes = inputs.map((name, i) => namedOutput(name, "merge" in spec ? item.args[i]!.span : item.from!.span, context));
      if (inputShapes.some((shape) => shape === undefined)) return undefined;
      if ("merge" in spec && item.from) {
        diagnostics.push(withUseSites(error("DL104", `\`${spec.name}\` takes its inputs by name, not \`from\``, item.from.span, { hints: [`list them: \`layer ${spec.name} a b\``] }), context));
        return undefined;
      }
      const layerInput = inputShapes[0] ?? input;
      try {
        const outputShape = "merge" in spec ? spec.outputShape(inputShapes as Shape[], config) : spec.outputShape(layerInput, config);
        const params = "merge" in spec ? [] : spec.params(layerInput, config);
        const count = context.counts.get(spec.name) ?? 0;
        context.counts.set(spec.name, count + 1);
        const name = count === 0 ? spec.name : `${spec.name}_${count}`;
        if (item.as && !nameOutput(item.as, outputShape, context)) return undefined;
        const node: CheckedLayer = { type: "layer", name, spec, config, inputShape: layerInput, outputShape, params, span: item.span, inputs, ...(item.as ? { as: item.as.name } : {}) };
        return { nodes: [node], shape: outputShape };
      } catch (e) {
        if (!(e instanceof ShapeError)) throw e;
        const label = "merge" in spec ? `inputs here are ${inputShapes.map((s) => formatShape(s!)).join(", ")}` : `input here is ${formatShape(layerInput)}`;
        diagnostics.push(withUseSites(error("DL201", e.message, item.kind.span, { label, hints: e.hints }), context));
        return undefined;
      }
    }
    case "Repeat": {
      const count = convert(item.count, positiveInt, constants, "the count of `repeat`");
      if (!count.ok) {
        diagnostics.push(withUseSites(count.diagnostic, context));
        return undefined;
      }
      const nodes: CheckedNode[] = [];
      let shape = input;
      for (let i = 0; i < (count.value as number); i++) {
        const body = expand(item.body, shape, constants, context);
        if (!body) return undefined;
        nodes.push(...body.nodes);
        shape = body.shape;
      }
      return { nodes, shape };
    }
    case "Residual": {
      const body = expand(item.body, input, constants, context);
      if (!body) return undefined;
      if (formatShape(body.shape) !== formatShape(input)) {
        diagnostics.push(
          withUseSites(
            error("DL201", `a residual block must keep its shape: it takes ${formatShape(input)} but its body produces ${formatShape(body.shape)}`, item.span, {
              label: "input and output are added",
              hints: ["make the last layer of the body produce the input shape (e.g. the same number of filters, `padding=same`)"],
            }),
            context,
          ),
        );
        return undefined;
      }
      const count = context.counts.get("residual") ?? 0;
      context.counts.set("residual", count + 1);
      return { nodes: [{ type: "residual", name: count === 0 ? "residual" : `residual_${count}`, body: body.nodes, inputShape: input, outputShape: input, span: item.span }], shape: input };
    }
    case "Use":
      return expandBlock(item, input, constants, context);
  }
}

function expandBlock(item: Extract<ModelItem, { type: "Use" }>, input: Shape, constants: Constants, context: Context) {
  const { diagnostics } = context;
  const name = item.name.name;
  const block = context.blocks.get(name);
  if (!block) {
    const keywordHint = didYouMean(name, [...bodyKeywords, ...topLevelKeywords]);
    const layerHint = layers.has(name) ? `\`${name}\` is a layer kind: write \`layer ${name} …\`` : undefined;
    const blockHint = didYouMean(name, context.blocks.keys());
    diagnostics.push(
      withUseSites(
        error("DL101", `unknown block \`${name}\``, item.name.span, {
          label: "not a keyword or a block",
          hints: [layerHint ?? keywordHint ?? blockHint ?? "define it with `block NAME(params) { … }`, or start the line with `layer`"],
        }),
        context,
      ),
    );
    return undefined;
  }
  if (context.useSites.some((site) => site.block === name)) {
    diagnostics.push(withUseSites(error("DL109", `block \`${name}\` uses itself`, item.span, { hints: ["a block cannot contain itself; use `repeat` instead"] }), context));
    return undefined;
  }
  const what = `block \`${name}\``;
  const params = block.params.map((p) => ({ name: p.name, type: { kind: "number" as const }, doc: "block parameter" }));
  const before = diagnostics.length;
  const config = bind({ what, args: item.args, options: item.options, span: item.span }, { args: params, options: [] }, constants, diagnostics);
  for (const d of diagnostics.slice(before)) withUseSites(d, context);
  if (!config) return undefined;
  const scope = new Map(constants);
  for (const [key, value] of Object.entries(config)) scope.set(key, value as number);
  context.useSites.push({ block: name, span: item.span });
  const body = expand(block.body, input, scope, context);
  context.useSites.pop();
  return body;
}

/** The shape of an output named earlier with `as`, or a diagnostic. */
function namedOutput(name: string, span: Span, context: Context): Shape | undefined {
  const found = context.outputs.get(name);
  if (found) return found.shape;
  const hint = didYouMean(name, context.outputs.keys());
  context.diagnostics.push(
    withUseSites(
      error("DL101", `no output is named \`${name}\` above this line`, span, {
        label: "unknown output",
        hints: [hint ?? "name an output first with `as NAME` at the end of its line: `layer dense 64 relu as h`"],
      }),
      context,
    ),
  );
  return undefined;
}

/** Records `as NAME`; a name is given once per model. */
function nameOutput(name: Identifier, shape: Shape, context: Context): boolean {
  const previous = context.outputs.get(name.name);
  if (previous) {
    context.diagnostics.push(
      withUseSites(
        error("DL102", `the output name \`${name.name}\` is used twice`, name.span, {
          related: [{ message: "first named here", span: previous.span }],
          hints: ["inside `repeat` or a block used twice, a name would be given more than once; name outputs outside them"],
        }),
        context,
      ),
    );
    return false;
  }
  context.outputs.set(name.name, { shape, span: name.span });
  return true;
}

/** An error inside a block also points at where the block was used. */
function withUseSites(diagnostic: Diagnostic, context: Context): Diagnostic {
  for (const site of [...context.useSites].reverse()) {
    if (!diagnostic.related.some((r) => r.span === site.span)) diagnostic.related.push({ message: `in block \`${site.block}\` used here`, span: site.span });
  }
  return diagnostic;
}
