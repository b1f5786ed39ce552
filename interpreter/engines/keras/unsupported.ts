// Why a layer cannot travel to (or come from) a Keras-family format: the exporters refuse the
// layer on its `.dl` line with this reason; the importer lists it with its Keras class.
export class Unsupported {
  constructor(readonly reason: string) {}
}

/** The two Keras dialects dl writes: TF.js 4.22's LayersModel (tf.keras 2 configs) and Keras 3's `.keras`. */
export type Flavor = "tfjs" | "keras";
