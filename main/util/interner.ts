// Strings numbered in the order they are first met, so that columns can
// hold small integers (the search's note facts, the summary cache's tables).

/** Numbers each distinct string once, so columns can hold small integers. */
export class Interner {
  private readonly numbers = new Map<string, number>();

  number(value: string): number {
    let n = this.numbers.get(value);
    if (n === undefined) this.numbers.set(value, (n = this.numbers.size));
    return n;
  }

  /** The number of a value already seen, or -1. */
  find(value: string): number {
    return this.numbers.get(value) ?? -1;
  }

  get size(): number {
    return this.numbers.size;
  }

  /** The values in number order (for the saved index). */
  values(): string[] {
    return [...this.numbers.keys()];
  }

  static from(values: readonly string[]): Interner {
    const interner = new Interner();
    for (const v of values) interner.number(v);
    return interner;
  }
}
