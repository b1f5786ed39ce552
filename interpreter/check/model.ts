// Expands a model (blocks, repeat, residual) into layers and infers every shape.
import type { BlockDecl, Identifier, ModelDecl, ModelItem, Span } from "../../grammar/ast.ts";
import { error, warning, type Diagnostic } from "../../diagnostics/diagnostic.ts";
import { didYouMean } from "../../diagnostics/suggest.ts";
import { layers } from "../../stdlib/layers/index.ts";
import { formatShape, ShapeError, type Shape } from "../../stdlib/layers/layer-spec.ts";
import { positiveInt } from "../../stdlib/values.ts";
import { topLevelKeywords, bodyKeywords } from "../../grammar/keywords.ts";
import { bind } from "./bind.ts";
import type { CheckedLayer, CheckedModel, CheckedNode } from "./checked.ts";
import { convert, type Constants } from "./values.ts";
import { forEachLayer, walkModel } from "./walk.ts";

/** More repetitions than this are a mistake (or a bomb), not a model. */
export const MAX_REPEAT = 10_000;

/** Blocks using blocks deeper than this are refused; expansion recurses once per level. */
export const MAX_BLOCK_DEPTH = 32;

/**
 * The most steps one model's expansion takes (a layer, a block use, a `repeat` pass each count
 * one): bounds the layers and the checker's time, whatever repeats and blocks multiply to.
 */
export const MAX_EXPANSION = 10_000;

interface Context {
  blocks: ReadonlyMap<string, BlockDecl>;
  /** Outputs named with `as` so far in this model, for `from` and `add`/`concat`. */
  outputs: Map<string, { shape: Flow; span: Span }>;
  diagnostics: Diagnostic[];
  /** Layer counts per kind, for Keras-style names. */
  counts: Map<string, number>;
  /** Use sites of the blocks being expanded, innermost last, for "used here" notes. */
  useSites: { block: string; span: Span }[];
  /** Some line's shape could not be inferred, so nodes are missing (even where no error was reported here: a wrong `let`). */
  incomplete: boolean;
  /** Expansion steps so far, against MAX_EXPANSION. */
  steps: number;
  /** Past MAX_EXPANSION: the error is reported, and nothing more is expanded. */
  stopped: boolean;
}

/**
 * A shape the checker could not infer, after a mistake above. It poisons nothing: the layers
 * below still get their names, arguments and options checked, and shape checks resume
 * wherever a shape is known again (a named output, a residual's input).
 */
type Flow = Shape | undefined;

/** The model's shapes, with `valid` false when it has errors; a model with a known output still gets its fit checked. */
export interface ModelResult {
  model: CheckedModel;
  valid: boolean;
}

export function checkModel(
  model: ModelDecl,
  constants: Constants,
  blocks: ReadonlyMap<string, BlockDecl>,
  diagnostics: Diagnostic[],
): ModelResult | undefined {
  const before = diagnostics.length;
  const context: Context = {
    blocks,
    outputs: new Map(),
    diagnostics,
    counts: new Map(),
    useSites: [],
    incomplete: false,
    steps: 0,
    stopped: false,
  };
  const [first, ...rest] = model.body;
  if (first?.type !== "Input") {
    diagnostics.push(
      error("DL108", `model \`${model.name.name}\` must start with \`input\``, first?.span ?? model.name.span, {
        hints: ["give the shape of one example, without the batch axis: `input 784` or `input 28 28 1`"],
      }),
    );
    expand(model.body, undefined, constants, context);
    return undefined;
  }
  const dims: number[] = [];
  for (const dim of first.dims) {
    const converted = convert(dim, positiveInt, constants, "each `input` dimension");
    if (converted.ok) dims.push(converted.value as number);
    else if (converted.diagnostic) diagnostics.push(converted.diagnostic);
  }
  if (first.dims.length === 0)
    diagnostics.push(
      error("DL104", "`input` needs the shape of one example", first.span, { hints: ["e.g. `input 784` or `input 28 28 1`"] }),
    );
  const input = dims.length === first.dims.length && dims.length > 0 ? dims : undefined;
  if (first.as) nameOutput(first.as, input, context);
  const result = expand(rest, input, constants, context);
  if (!input || !result.shape) return undefined;
  const checked: CheckedModel = {
    name: model.name.name,
    inputShape: input,
    ...(first.as ? { inputName: first.as.name } : {}),
    outputShape: result.shape,
    nodes: result.nodes,
    span: model.span,
  };
  const valid = !context.incomplete && !diagnostics.slice(before).some((d) => d.severity === "error");
  if (valid) diagnostics.push(...deadLayers(checked));
  return { model: checked, valid };
}

/** A warning for each layer whose output never flows into the model's output: built and counted, but nothing trains it. */
function deadLayers(model: CheckedModel): Diagnostic[] {
  const reaching = walkModel<ReadonlySet<CheckedNode>>(model, new Set(), {
    layer: (layer, inputs) => new Set([...inputs.flatMap((reached) => [...reached]), layer]),
    residual: (block, body, skip) => new Set([...body, ...skip, block]),
  });
  const dead = new Map<number, Diagnostic>();
  forEachLayer(model.nodes, (layer) => {
    // A block used twice gives two layers the same line: one warning for it.
    if (reaching.has(layer) || dead.has(layer.span.start.offset)) return;
    const read = layer.as ? `read \`${layer.as}\` with \`from ${layer.as}\`, \`add\` or \`concat\`` : "read its output";
    dead.set(
      layer.span.start.offset,
      warning("DL203", `the output of \`${layer.name}\` never reaches the output of model \`${model.name}\``, layer.span, {
        label: "a dead layer",
        hints: [`${read}, or remove the line: its weights are built, counted and never trained`],
      }),
    );
  });
  return [...dead.values()];
}

/** Always walks every item, so each gets checked; `shape` is undefined when it could not be inferred. */
function expand(items: readonly ModelItem[], input: Flow, constants: Constants, context: Context): { nodes: CheckedNode[]; shape: Flow } {
  const nodes: CheckedNode[] = [];
  let shape = input;
  for (const item of items) {
    if (!step(item.span, context)) return unknown;
    const expanded = expandItem(item, shape, constants, context);
    if (!expanded.shape) context.incomplete = true;
    // A loop, not push(...): a spread of a huge array overflows the stack.
    for (const node of expanded.nodes) nodes.push(node);
    shape = expanded.shape;
  }
  return { nodes, shape };
}

/** Counts one expansion step; false (after one error at `span`) once the model is past MAX_EXPANSION. */
function step(span: Span, context: Context): boolean {
  if (context.stopped) return false;
  if (++context.steps <= MAX_EXPANSION) return true;
  context.stopped = true;
  context.incomplete = true;
  context.diagnostics.push(
    withUseSites(
      error("DL402", `the model expands to more than ${MAX_EXPANSION.toLocaleString("en-US")} layers, block uses and repetitions`, span, {
        label: "the limit is reached here",
        hints: ["a model this large is a mistake in a `repeat` count or in blocks that use each other; see docs/limits.md"],
      }),
      context,
    ),
  );
  return false;
}

const unknown = { nodes: [], shape: undefined };

function expandItem(item: ModelItem, input: Flow, constants: Constants, context: Context): { nodes: CheckedNode[]; shape: Flow } {
  const { diagnostics } = context;
  switch (item.type) {
    case "Input":
      diagnostics.push(withUseSites(error("DL108", "`input` may appear only once, as the first line of a model", item.span), context));
      return { nodes: [], shape: input };
    case "Layer": {
      const spec = layers.get(item.kind.name);
      if (!spec) {
        diagnostics.push(
          withUseSites(
            error("DL103", `unknown layer kind \`${item.kind.name}\``, item.kind.span, {
              label: "not a layer kind",
              hints: [kindHint(item.kind.name)],
            }),
            context,
          ),
        );
        if (item.as) nameOutput(item.as, undefined, context);
        return unknown;
      }
      const what = `layer \`${spec.name}\``;
      const before = diagnostics.length;
      const config = bind({ what, args: item.args, options: item.options, span: item.span }, spec, constants, diagnostics);
      for (const d of diagnostics.slice(before)) withUseSites(d, context);
      if ("merge" in spec && item.from) {
        diagnostics.push(
          withUseSites(
            error("DL104", `\`${spec.name}\` takes its inputs by name, not \`from\``, item.from.span, {
              hints: [`list them: \`layer ${spec.name} a b\``],
            }),
            context,
          ),
        );
      }
      const inputs = !config ? [] : "merge" in spec ? (config["inputs"] as string[]) : item.from ? [item.from.name] : [];
      // A `from` is resolved even when the layer's own values are wrong: the name is its own mistake.
      if (!config && item.from && !("merge" in spec)) namedOutput(item.from.name, item.from.span, context);
      const inputShapes = inputs.map((name, i) => namedOutput(name, "merge" in spec ? item.args[i]!.span : item.from!.span, context));
      const layerInput = "merge" in spec ? inputShapes[0] : item.from ? inputShapes[0] : input;
      if (!config || ("merge" in spec && item.from) || inputShapes.some((shape) => shape === undefined) || !layerInput) {
        if (item.as) nameOutput(item.as, undefined, context);
        return unknown;
      }
      try {
        const outputShape = "merge" in spec ? spec.outputShape(inputShapes as Shape[], config) : spec.outputShape(layerInput, config);
        const params = "merge" in spec ? [] : spec.params(layerInput, config);
        const count = context.counts.get(spec.name) ?? 0;
        context.counts.set(spec.name, count + 1);
        const name = count === 0 ? spec.name : `${spec.name}_${count}`;
        if (item.as && !nameOutput(item.as, outputShape, context)) return unknown;
        const node: CheckedLayer = {
          type: "layer",
          name,
          spec,
          config,
          inputShape: layerInput,
          outputShape,
          params,
          span: item.span,
          inputs,
          ...(item.as ? { as: item.as.name } : {}),
        };
        return { nodes: [node], shape: outputShape };
      } catch (e) {
        if (!(e instanceof ShapeError)) throw e;
        const label =
          "merge" in spec
            ? `inputs here are ${inputShapes.map((s) => formatShape(s!)).join(", ")}`
            : `input here is ${formatShape(layerInput)}`;
        diagnostics.push(withUseSites(error("DL201", e.message, item.kind.span, { label, hints: e.hints }), context));
        if (item.as) nameOutput(item.as, undefined, context);
        return unknown;
      }
    }
    case "Repeat": {
      const count = convert(item.count, positiveInt, constants, "the count of `repeat`");
      if (!count.ok) {
        if (count.diagnostic) diagnostics.push(withUseSites(count.diagnostic, context));
        // The body is still checked, once.
        expand(item.body, undefined, constants, context);
        return unknown;
      }
      if ((count.value as number) > MAX_REPEAT) {
        diagnostics.push(
          withUseSites(
            error(
              "DL402",
              `\`repeat\` may repeat at most ${MAX_REPEAT.toLocaleString("en-US")} times, not ${count.value}`,
              item.count.span,
              {
                label: "too many repetitions",
                hints: ["see docs/limits.md for the limits on a model's size"],
              },
            ),
            context,
          ),
        );
        expand(item.body, undefined, constants, context);
        return unknown;
      }
      const nodes: CheckedNode[] = [];
      let shape = input;
      for (let i = 0; i < (count.value as number); i++) {
        if (i > 0 && !step(item.span, context)) return unknown;
        const before = diagnostics.length;
        const body = expand(item.body, shape, constants, context);
        for (const node of body.nodes) nodes.push(node);
        shape = body.shape;
        // The same mistake would be reported once per repetition.
        if (diagnostics.length > before) return { nodes, shape: undefined };
      }
      return { nodes, shape };
    }
    case "Residual": {
      const body = expand(item.body, input, constants, context);
      // Whatever the body does, a residual block's output has its input's shape.
      if (!input || !body.shape) return { nodes: [], shape: input };
      if (formatShape(body.shape) !== formatShape(input)) {
        diagnostics.push(
          withUseSites(
            error(
              "DL201",
              `a residual block must keep its shape: it takes ${formatShape(input)} but its body produces ${formatShape(body.shape)}`,
              item.span,
              {
                label: "input and output are added",
                hints: ["make the last layer of the body produce the input shape (e.g. the same number of filters, `padding=same`)"],
              },
            ),
            context,
          ),
        );
        return { nodes: [], shape: input };
      }
      const count = context.counts.get("residual") ?? 0;
      context.counts.set("residual", count + 1);
      return {
        nodes: [
          {
            type: "residual",
            name: count === 0 ? "residual" : `residual_${count}`,
            body: body.nodes,
            inputShape: input,
            outputShape: input,
            span: item.span,
          },
        ],
        shape: input,
      };
    }
    case "Use":
      return expandBlock(item, input, constants, context);
  }
}

/** "did you mean `dense`?" for a typo, or dl's name for a Keras class name (`Dense`, `GlobalAveragePooling1D`, `global_average_pooling1d`). */
function kindHint(kind: string): string {
  const squash = (name: string) => name.toLowerCase().replace(/_/g, "");
  const keras = [...layers.values()].filter((spec) => spec.keras && squash(spec.keras) === squash(kind));
  if (keras.length > 1) return `Keras' \`${keras[0]!.keras}\` is the activation's own layer in dl: \`layer relu\`, \`layer softmax\`, …`;
  if (keras[0]) return `Keras' \`${keras[0].keras}\` is \`${keras[0].name}\` in dl: write \`layer ${keras[0].name} …\``;
  return didYouMean(kind, layers.keys()) ?? "see docs/layers.md for every layer kind";
}

function expandBlock(
  item: Extract<ModelItem, { type: "Use" }>,
  input: Flow,
  constants: Constants,
  context: Context,
): { nodes: CheckedNode[]; shape: Flow } {
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
    return unknown;
  }
  if (context.useSites.some((site) => site.block === name)) {
    diagnostics.push(
      withUseSites(
        error("DL109", `block \`${name}\` uses itself`, item.span, { hints: ["a block cannot contain itself; use `repeat` instead"] }),
        context,
      ),
    );
    return unknown;
  }
  if (context.useSites.length >= MAX_BLOCK_DEPTH) {
    // One note, the outermost use, instead of one per level.
    diagnostics.push(
      error("DL402", `blocks nest deeper than ${MAX_BLOCK_DEPTH}: \`${name}\` is used inside ${MAX_BLOCK_DEPTH} other blocks`, item.span, {
        label: "too deep",
        related: [{ message: `the outermost, block \`${context.useSites[0]!.block}\`, is used here`, span: context.useSites[0]!.span }],
        hints: ["use fewer levels of blocks inside blocks; see docs/limits.md"],
      }),
    );
    return unknown;
  }
  const what = `block \`${name}\``;
  const params = block.params.map((p) => ({ name: p.name, type: { kind: "number" as const }, doc: "block parameter" }));
  const before = diagnostics.length;
  const config = bind(
    { what, args: item.args, options: item.options, span: item.span },
    { args: params, options: [] },
    constants,
    diagnostics,
  );
  for (const d of diagnostics.slice(before)) withUseSites(d, context);
  // Without its arguments the body would only report their names as unknown constants.
  if (!config) return unknown;
  const scope = new Map(constants);
  for (const [key, value] of Object.entries(config)) scope.set(key, value as number);
  context.useSites.push({ block: name, span: item.span });
  const body = expand(block.body, input, scope, context);
  context.useSites.pop();
  return body;
}

/** The shape of an output named earlier with `as` (undefined when not inferred), or a diagnostic. */
function namedOutput(name: string, span: Span, context: Context): Flow {
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
function nameOutput(name: Identifier, shape: Flow, context: Context): boolean {
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
    if (!diagnostic.related.some((r) => r.span === site.span))
      diagnostic.related.push({ message: `in block \`${site.block}\` used here`, span: site.span });
  }
  return diagnostic;
}
