// Problems found while running a program, each tied to the statement that caused it so the
// CLI can point at the right line. Data problems use the stdlib's DataError.

export class TrainingDiverged extends Error {
  constructor(
    readonly epoch: number,
    readonly step: number,
    readonly value: number,
  ) {
    super(`the loss became ${value} at epoch ${epoch}, step ${step}`);
  }
}

export class WeightsMismatch extends Error {
  constructor(
    message: string,
    readonly hint: string,
  ) {
    super(message);
  }
}

/** A weights or checkpoint file whose header or values are not what dl writes (DL501). */
export class BadWeightsFile extends Error {
  constructor(
    readonly file: string,
    readonly field: string,
    readonly problem: string,
  ) {
    super(`${file}: header field "${field}": ${problem}`);
  }

  static readonly hint = "the file is damaged or was not written by dl; save the weights again";
}

/** Ctrl-C stopped training after a step; `checkpoint` is the file written then, if the run keeps them. */
export class TrainingInterrupted extends Error {
  constructor(
    readonly epoch: number,
    readonly step: number,
    readonly checkpoint: string | undefined,
  ) {
    super(`interrupted at epoch ${epoch}, step ${step}`);
  }
}
