// The named values a conformance case produces on one backend (outputs, gradients, weights after
// each step…), each next to the reference's value for it.

export class CaseValues {
  readonly got = new Map<string, ArrayLike<number>>();
  readonly expected = new Map<string, ArrayLike<number>>();

  add(what: string, got: ArrayLike<number>, expected: ArrayLike<number>): void {
    if (this.got.has(what)) throw new Error(`value "${what}" recorded twice`);
    this.got.set(what, got);
    this.expected.set(what, expected);
  }
}
