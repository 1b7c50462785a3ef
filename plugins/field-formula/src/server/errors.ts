/** A 1-based position in the formula source. */
export interface Position {
  readonly line: number
  readonly column: number
}

/** A user error in a formula; the message ends with the position (`... at 1:9`). */
export class FormulaError extends Error {
  constructor(
    readonly detail: string,
    readonly pos: Position,
  ) {
    super(`${detail} at ${pos.line}:${pos.column}`)
    this.name = 'FormulaError'
  }
}
