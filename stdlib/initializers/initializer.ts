// An initializer fills a new parameter of a given shape, drawing from the seeded generator.
import type { Shape } from "../../interpreter/backends/backend.ts";
import type { Random } from "../../interpreter/autograd/random.ts";
import type { NamedSpec } from "../spec.ts";

export type InitializerOptions = Readonly<Record<string, number>>;

export interface InitializerSpec extends NamedSpec {
  /** `options` holds every option, defaults filled in. */
  fill(shape: Shape, rng: Random, options: InitializerOptions): Float32Array;
}

/** A standard normal draw truncated to [-2, 2] by resampling (Keras/TF truncated_normal). */
export function truncatedNormal(rng: Random): number {
  for (;;) {
    const x = rng.normal();
    if (Math.abs(x) <= 2) return x;
  }
}
