// Decoupled weight decay (Keras optimizers' `weight_decay`, applied before the update), in place.
import type { CpuKernel } from "../kernel.ts";
import { requiredNumberAttr } from "../../shared/attrs.ts";

/** w -= w*weight_decay*lr. Inputs [param]; outputs [param]. */
export const weightDecayUpdate: CpuKernel = {
  run([param], [paramOut], attrs) {
    const factor = 1 - requiredNumberAttr(attrs, "weight_decay") * requiredNumberAttr(attrs, "lr");
    const w = param!.data;
    const out = paramOut!.data;
    for (let i = 0; i < out.length; i++) out[i] = w[i]! * factor;
  },
};
