import type { FieldScope, FormulaValueType, SQL } from '@docpal/plugin-sdk'
import type { Node } from './ast.ts'
import { compileTyped } from './compile.ts'
import { FormulaError } from './errors.ts'
import { parse } from './parser.ts'
import { formulaFunctions } from './function-registry.ts'
import { typecheck } from './typecheck.ts'

// Parsing does not depend on the scope: cache the trees of recently seen formulas (or their error).
const MAX_CACHED = 500
const parsed = new Map<string, Node | FormulaError>()

export function parseCached(src: string): Node {
  let hit = parsed.get(src)
  if (hit === undefined) {
    try {
      hit = parse(src)
    } catch (err) {
      if (!(err instanceof FormulaError)) throw err
      hit = err
    }
    const oldest = parsed.keys().next()
    if (parsed.size >= MAX_CACHED && oldest.done !== true) parsed.delete(oldest.value)
    parsed.set(src, hit)
  }
  if (hit instanceof FormulaError) throw hit
  return hit
}

/** Parses, type-checks and compiles; throws FormulaError for a formula that does not stand. */
export function compileFormula(src: string, scope: FieldScope): { sql: SQL; type: FormulaValueType } {
  const typed = typecheck(parseCached(src), scope, formulaFunctions.lookup(scope))
  return { sql: compileTyped(typed), type: typed.type }
}

/** The result type, or the error of a formula that does not stand. */
export function formulaType(src: string, scope: FieldScope): FormulaValueType {
  return typecheck(parseCached(src), scope, formulaFunctions.lookup(scope)).type
}
