// dl's activations by the name a Keras config gives them (`activation="..."`), per dialect.
// TF.js camel-cases the string it reads (log_softmax → logSoftmax, its class) and knows silu
// only as swish; it has no leaky_relu activation function, only the LeakyReLU layer.
import { Unsupported, type Flavor } from "./unsupported.ts";

const shared: Record<string, string> = {
  linear: "linear",
  relu: "relu",
  sigmoid: "sigmoid",
  tanh: "tanh",
  softmax: "softmax",
  log_softmax: "log_softmax",
  elu: "elu",
  gelu: "gelu",
  softplus: "softplus",
};

const names: Record<Flavor, Record<string, string>> = {
  tfjs: { ...shared, silu: "swish" },
  keras: { ...shared, silu: "silu", leaky_relu: "leaky_relu" },
};

/** The Keras name of a dl activation with its default options, or why the dialect has none. */
export function kerasActivation(dl: string, flavor: Flavor): string | Unsupported {
  return (
    names[flavor][dl] ??
    new Unsupported(
      `${flavor === "tfjs" ? "TF.js" : "Keras"} has no \`${dl}\` activation function; apply it as its own layer: \`layer ${dl}\``,
    )
  );
}

/** The dl activation of a Keras activation name (any dialect's spelling), if dl has it. */
export function dlActivation(keras: string): string | undefined {
  const aliases: Record<string, string> = { swish: "silu", logSoftmax: "log_softmax", leakyRelu: "leaky_relu" };
  if (aliases[keras]) return aliases[keras];
  return Object.values(names).some((table) => Object.keys(table).includes(keras)) ? keras : undefined;
}
