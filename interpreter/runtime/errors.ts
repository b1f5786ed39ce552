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
