// One layer's weights, by their Keras names, for the node mappings.
import type { CheckedLayer } from "../../check/checked.ts";
import type { ExportInput } from "../export/format.ts";
import type { GraphBuilder } from "./graph-builder.ts";

export interface Weight {
  shape: readonly number[];
  data: Float32Array;
}

export class LayerWeights {
  constructor(
    private readonly layer: CheckedLayer,
    private readonly all: ExportInput["weights"],
  ) {}

  get(name: string): Weight {
    const weight = this.all.get(`${this.layer.name}/${name}`);
    if (!weight) throw new Error(`no weight ${this.layer.name}/${name}`);
    return weight;
  }

  /** The weight as a graph constant in its own (Keras) layout. */
  initializer(graph: GraphBuilder, name: string): string {
    const weight = this.get(name);
    return graph.floats(name, weight.shape, weight.data);
  }
}
