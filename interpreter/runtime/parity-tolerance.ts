// Its own module so that printing a parity report (the CLI) loads no backend.

/** The largest relative difference (see compareValues) that still counts as the same result. */
export const PARITY_TOLERANCE = 1e-4;
