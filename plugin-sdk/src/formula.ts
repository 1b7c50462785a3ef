import type { SQL } from 'drizzle-orm'
import type { FormulaValueType } from './field-type.ts'

/** A compiled argument: its SQL expression and its formula type. */
export interface FormulaArg {
  readonly sql: SQL
  readonly type: FormulaValueType
}

/** One parameter of a formula function: the types it accepts (`any` accepts every type). */
export interface FormulaParam {
  readonly name: string
  readonly type: FormulaValueType | 'any' | ReadonlyArray<FormulaValueType>
  readonly optional?: boolean
}

export interface FormulaFunctionDefinition {
  /** Upper-case name as written in formulas: `ROUND`, `DATETIME_DIFF`. */
  readonly name: string
  readonly description?: string
  readonly params: ReadonlyArray<FormulaParam>
  /** The last parameter repeats (`SUM(a, b, c, ...)`). */
  readonly variadic?: boolean
  /** Result type from the argument types, or a message when they do not fit together. */
  returns(argTypes: ReadonlyArray<FormulaValueType>): FormulaValueType | { readonly error: string }
  /**
   * SQL of the call. Must never raise at run time: division by zero, bad casts and nulls give a
   * defined value (NULL or as documented), so one odd row never fails a page.
   */
  compile(args: ReadonlyArray<FormulaArg>): SQL
}

/** What registries hold: keyed by `type` (= the upper-case name). */
export interface AnyFormulaFunction extends FormulaFunctionDefinition {
  readonly type: string
}

export function defineFormulaFunction(def: FormulaFunctionDefinition): AnyFormulaFunction {
  return { ...def, type: def.name.toUpperCase() }
}
