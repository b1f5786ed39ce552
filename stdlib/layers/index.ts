// Every layer kind, registered in one place.
import { activationLayers } from "./activation-layers.ts";
import { attention } from "./attention.ts";
import { bidirectional } from "./bidirectional.ts";
import { conv1d, conv2d } from "./conv.ts";
import { dense } from "./dense.ts";
import { dropout } from "./dropout.ts";
import { embedding } from "./embedding.ts";
import { flatten } from "./flatten.ts";
import type { AnyLayerSpec } from "./layer-spec.ts";
import { add, concat } from "./merge.ts";
import { batchnorm, layernorm } from "./normalization.ts";
import * as pooling from "./pooling.ts";
import { gru, lstm, simpleRnn } from "./recurrent.ts";
import { reshape } from "./reshape.ts";
import { upsampling2d } from "./upsampling.ts";
import { zeropadding2d } from "./zero-padding.ts";

const all: AnyLayerSpec[] = [
  dense,
  flatten,
  reshape,
  dropout,
  ...activationLayers,
  conv1d,
  conv2d,
  ...Object.values(pooling),
  upsampling2d,
  zeropadding2d,
  batchnorm,
  layernorm,
  embedding,
  simpleRnn,
  lstm,
  gru,
  bidirectional,
  attention,
  add,
  concat,
];

export const layers: ReadonlyMap<string, AnyLayerSpec> = new Map(all.map((spec) => [spec.name, spec]));
