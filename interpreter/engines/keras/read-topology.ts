// A Keras model config as a list of layers with what each reads, whichever producer wrote it:
// tf.keras 2 and TF.js (Sequential with batch_input_shape on the first layer; functional
// `Model` with inbound_nodes [[[name, 0, 0, kwargs], …]]) or Keras 3 (an InputLayer with
// batch_shape; `Functional` with inbound_nodes [{args, kwargs}] of __keras_tensor__ entries).
import type { KerasConfig } from "./layer-mappings.ts";

export interface TopologyLayer {
  className: string;
  name: string;
  config: KerasConfig;
  /** The layers (or the input) it reads, in order. */
  inbound: string[];
  call: KerasConfig;
}

export interface Topology {
  name: string;
  input: { name: string; shape: number[] };
  layers: TopologyLayer[];
  output: string;
}

/** A model config that is not a Keras Sequential or functional model dl can read. */
export class TopologyError extends Error {}

interface RawLayer {
  class_name: string;
  name?: string;
  config: KerasConfig;
  inbound_nodes?: unknown[];
}

function batchShape(config: KerasConfig): number[] | undefined {
  const shape = (config["batch_input_shape"] ?? config["batch_shape"]) as (number | null)[] | undefined;
  if (!shape) return undefined;
  if (shape.slice(1).some((d) => d == null)) throw new TopologyError("an input with a dimension of unknown size (None)");
  return shape.slice(1) as number[];
}

/** Names in Keras 3 call arguments: every __keras_tensor__'s keras_history, in order. */
function historyNames(value: unknown): string[] {
  if (Array.isArray(value)) return value.flatMap(historyNames);
  if (value && typeof value === "object") {
    const history = (value as { config?: { keras_history?: unknown[] } }).config?.keras_history;
    if (history) return [history[0] as string];
  }
  return [];
}

function inbound(raw: RawLayer): { inbound: string[]; call: KerasConfig } {
  const nodes = raw.inbound_nodes ?? [];
  if (nodes.length > 1) throw new TopologyError(`layer \`${raw.name}\` is called more than once (shared layers)`);
  const node = nodes[0];
  if (node === undefined) return { inbound: [], call: {} };
  if (Array.isArray(node)) {
    const entries = node as [string, number, number, KerasConfig?][];
    return { inbound: entries.map((e) => e[0]), call: entries[0]?.[3] ?? {} };
  }
  const { args, kwargs } = node as { args: unknown[]; kwargs?: KerasConfig };
  // Keras 3 records attention's value as a keyword argument.
  const call = { ...(kwargs ?? {}) };
  const names = historyNames(args);
  if (call["value"]) names.push(...historyNames(call["value"]));
  delete call["value"];
  return { inbound: names, call };
}

/** A tensor reference in input_layers / output_layers: [name, 0, 0] or [[name, 0, 0]]. */
function firstName(refs: unknown): string {
  const list = refs as unknown[];
  if (typeof list[0] === "string") return list[0];
  if (list.length !== 1) throw new TopologyError(`${list.length} inputs or outputs (dl models have one of each)`);
  return (list[0] as unknown[])[0] as string;
}

export function readTopology(modelConfig: unknown): Topology {
  const top = modelConfig as { class_name?: string; config?: { name?: string; layers?: RawLayer[] } };
  const raws = top.config?.layers;
  if (!raws) throw new TopologyError("no model config with layers");
  const name = top.config?.name ?? "imported";
  if (top.class_name === "Sequential") {
    const [first, ...rest] = raws;
    const startsWithInput = first?.class_name === "InputLayer";
    const shape = first && batchShape(first.config);
    if (!first || !shape) throw new TopologyError("a Sequential model without an input shape");
    const layerList = startsWithInput ? rest : raws;
    const inputName = startsWithInput ? String(first.config["name"] ?? "input") : "input";
    const layers = layerList.map((raw, i) => ({
      className: raw.class_name,
      name: String(raw.config["name"] ?? `${raw.class_name}_${i}`),
      config: raw.config,
      inbound: [i === 0 ? inputName : String(layerList[i - 1]!.config["name"] ?? `${layerList[i - 1]!.class_name}_${i - 1}`)],
      call: {},
    }));
    return { name, input: { name: inputName, shape }, layers, output: layers.at(-1)?.name ?? inputName };
  }
  if (top.class_name !== "Model" && top.class_name !== "Functional") {
    throw new TopologyError(`a \`${top.class_name}\` model (dl reads Sequential and functional models)`);
  }
  const config = top.config as { layers: RawLayer[]; input_layers: unknown; output_layers: unknown };
  const inputName = firstName(config.input_layers);
  const inputRaw = raws.find((raw) => (raw.name ?? raw.config["name"]) === inputName);
  const shape = inputRaw && batchShape(inputRaw.config);
  if (!shape) throw new TopologyError("a functional model without an input shape");
  const layers = raws
    .filter((raw) => raw !== inputRaw)
    .map((raw) => ({ className: raw.class_name, name: String(raw.name ?? raw.config["name"]), config: raw.config, ...inbound(raw) }));
  return { name, input: { name: inputName, shape }, layers, output: firstName(config.output_layers) };
}
