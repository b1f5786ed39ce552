// `dl export --to onnx`: the model's inference graph (dropout off, batchnorm on its moving
// statistics) as one .onnx file, IR version 8, opset 13, with a symbolic batch axis. The input
// is float32 [batch, …input shape], raw as `dl predict` takes it: the weights file's
// preprocessing is folded into the front of the graph. Class names go to metadata_props.
import { walkModel } from "../../check/walk.ts";
import type { ExportFormat, ExportInput } from "../export/format.ts";
import { GraphBuilder } from "./graph-builder.ts";
import { LayerWeights } from "./layer-weights.ts";
import { layerNodes, onnxKinds } from "./layer-nodes.ts";
import { encodeModel, type OnnxModel } from "./onnx-model.ts";
import { preprocessNodes } from "./preprocess-nodes.ts";

export const onnxFormat: ExportFormat = {
  name: "onnx",
  extension: ".onnx",
  refusal: (layer) => (onnxKinds.includes(layer.spec.name) ? undefined : `ONNX export does not map \`${layer.spec.name}\``),
  kinds: () => onnxKinds,
  output: (input) => ({ file: encodeModel(onnxModel(input)) }),
};

function onnxModel({ model, weights, preprocess, classes }: ExportInput): OnnxModel {
  const graph = new GraphBuilder();
  const input = preprocessNodes(graph, "input", preprocess, model.inputShape);
  const output = walkModel(model, input, {
    layer(layer, inputs) {
      graph.scope = layer.name;
      return layerNodes(graph, layer, inputs, new LayerWeights(layer, weights));
    },
    residual(block, body, skip) {
      graph.scope = block.name;
      return graph.op("Add", [body, skip]);
    },
  });
  graph.scope = "";
  graph.output(output, "output");
  return {
    graphName: model.name,
    inputs: [{ name: "input", shape: ["batch", ...model.inputShape] }],
    outputs: [{ name: "output", shape: ["batch", ...model.outputShape] }],
    nodes: graph.nodes,
    initializers: graph.initializers,
    metadata: classes ? { "dl.classes": JSON.stringify(classes) } : {},
  };
}
