import type { SQL } from 'drizzle-orm'
import type { FormulaValueType } from './field-type.ts'
import { invariantError } from './invariant.ts'

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

/** The argument for one parameter: always given unless the parameter may be optional. */
type ArgFor<P> = P extends { readonly optional: false } ? FormulaArg : 'optional' extends keyof P ? FormulaArg | undefined : FormulaArg

/**
 * What `compile` receives for parameters `P`: a tuple with the required arguments present and the
 * optional ones possibly undefined; a variadic function may receive more of the last kind.
 */
export type FormulaArgs<P extends ReadonlyArray<FormulaParam>, V extends boolean = false> = V extends true
  ? readonly [...{ readonly [K in keyof P]: ArgFor<P[K]> }, ...FormulaArg[]]
  : { readonly [K in keyof P]: ArgFor<P[K]> }

export interface FormulaFunctionDefinition<P extends ReadonlyArray<FormulaParam> = ReadonlyArray<FormulaParam>, V extends boolean = false> {
  /** Upper-case name as written in formulas: `ROUND`, `DATETIME_DIFF`. */
  readonly name: string
  readonly description?: string
  readonly params: P
  /** The last parameter repeats (`SUM(a, b, c, ...)`). */
  readonly variadic?: V
  /** Result type from the argument types, or a message when they do not fit together. */
  returns(argTypes: ReadonlyArray<FormulaValueType>): FormulaValueType | { readonly error: string }
  /**
   * SQL of the call. Must never raise at run time: division by zero, bad casts and nulls give a
   * defined value (NULL or as documented), so one odd row never fails a page.
   */
  compile(args: FormulaArgs<P, V>): SQL
}

/** What registries hold: keyed by `type` (= the upper-case name). */
export interface AnyFormulaFunction {
  readonly type: string
  readonly name: string
  readonly description?: string
  readonly params: ReadonlyArray<FormulaParam>
  readonly variadic?: boolean
  returns(argTypes: ReadonlyArray<FormulaValueType>): FormulaValueType | { readonly error: string }
  compile(args: ReadonlyArray<FormulaArg>): SQL
}

/**
 * Types `compile`'s arguments from `params` (write them inline or `as const`, so optionality is
 * known). The formula type check refuses a call with too few arguments before anything compiles;
 * the count is checked again here, so the tuple type `compile` sees is never a lie.
 */
export function defineFormulaFunction<const P extends ReadonlyArray<FormulaParam>, V extends boolean = false>(def: FormulaFunctionDefinition<P, V>): AnyFormulaFunction {
  const type = def.name.toUpperCase()
  const required = def.params.filter((p) => p.optional !== true).length
  return {
    ...def,
    type,
    compile: (args) => {
      if (args.length < required) throw invariantError(`argument ${args.length + 1} of ${type}`)
      return def.compile(args as FormulaArgs<P, V>)
    },
  }
}
