// dl's activations as ONNX nodes, with the formulas of stdlib/activations (GELU and SiLU have no
// operator at opset 13, so they are written out).
import { activations } from "../../../stdlib/activations/index.ts";
import { defaults } from "../../../stdlib/spec.ts";
import { float, int, type GraphBuilder } from "./graph-builder.ts";

/** Applies activation `name` (with its options, defaults filled in) to tensor `x`; returns the result. */
export function activate(graph: GraphBuilder, x: string, name: string, options: Readonly<Record<string, unknown>> = {}): string {
  const entry = activations.get(name);
  const option = (key: string) => options[key] ?? (entry ? defaults(entry)[key] : undefined);
  switch (name) {
    case "linear":
      return x;
    case "relu":
      return graph.op("Relu", [x]);
    case "sigmoid":
      return graph.op("Sigmoid", [x]);
    case "tanh":
      return graph.op("Tanh", [x]);
    case "softmax":
      return graph.op("Softmax", [x], { axis: int(-1) });
    case "log_softmax":
      return graph.op("LogSoftmax", [x], { axis: int(-1) });
    case "elu":
      return graph.op("Elu", [x], { alpha: float(Number(option("alpha"))) });
    case "leaky_relu":
      return graph.op("LeakyRelu", [x], { alpha: float(Number(option("negative_slope"))) });
    case "softplus":
      return graph.op("Softplus", [x]);
    case "silu":
      return graph.op("Mul", [x, graph.op("Sigmoid", [x])]);
    case "gelu":
      return option("approximate") ? geluTanh(graph, x) : geluErf(graph, x);
    default:
      throw new Error(`activation ${name} has no ONNX form`);
  }
}

/** 0.5 x (1 + erf(x / sqrt 2)) */
function geluErf(graph: GraphBuilder, x: string): string {
  const erf = graph.op("Erf", [graph.op("Mul", [x, graph.scalar("inv_sqrt2", Math.SQRT1_2)])]);
  const onePlus = graph.op("Add", [erf, graph.scalar("one", 1)]);
  return graph.op("Mul", [graph.op("Mul", [x, onePlus]), graph.scalar("half", 0.5)]);
}

/** 0.5 x (1 + tanh(sqrt(2/pi) (x + 0.044715 x^3))) */
function geluTanh(graph: GraphBuilder, x: string): string {
  const cube = graph.op("Mul", [graph.op("Mul", [x, x]), x]);
  const inner = graph.op("Add", [x, graph.op("Mul", [cube, graph.scalar("c", 0.044715)])]);
  const tanh = graph.op("Tanh", [graph.op("Mul", [inner, graph.scalar("sqrt_2_over_pi", Math.sqrt(2 / Math.PI))])]);
  const onePlus = graph.op("Add", [tanh, graph.scalar("one", 1)]);
  return graph.op("Mul", [graph.op("Mul", [x, onePlus]), graph.scalar("half", 0.5)]);
}
