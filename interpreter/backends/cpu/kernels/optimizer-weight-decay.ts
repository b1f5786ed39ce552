// Decoupled weight decay (Keras optimizers' `weight_decay`, applied before the update), in place.
import type { CpuKernel } from "../kernel.ts";
import { numberAttr } from "./optimizer-attrs.ts";

/** w -= w*weight_decay*lr. Inputs [param]; outputs [param]. */
export const weightDecayUpdate: CpuKernel = {
  name: "weight_decay_update",
  run([param], [paramOut], attrs) {
    const factor = 1 - numberAttr(attrs, "weight_decay") * numberAttr(attrs, "lr");
    const w = param!.data;
    const out = paramOut!.data;
    for (let i = 0; i < out.length; i++) out[i] = w[i]! * factor;
  },
};
