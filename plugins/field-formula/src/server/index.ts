import { defineFieldType, defineServerPlugin, sql, z } from '@docpal/plugin-sdk'
import type { FieldScope } from '@docpal/plugin-sdk'
import { fieldFormulaPlugin } from '../manifest.ts'
import { formulaConfigSchema, type FormulaConfig } from '../shared/config.ts'
import { FormulaError } from './errors.ts'
import { compileFormula, formulaType, parseCached } from './formula.ts'
import { formulaOperators } from './operators.ts'
import { functionNames } from './ast.ts'
import { formulaFunctions } from './function-registry.ts'
import { formulaFunctionsExtensionPoint } from '../extension.ts'
import { capText, formulaSettings, setMaxTextLength } from './text-limit.ts'

export { parse, MAX_CALL_DEPTH, MAX_NESTING, MAX_TREE_DEPTH } from './parser.ts'
export { tokenize } from './lexer.ts'
export { typecheck } from './typecheck.ts'
export { compileTyped } from './compile.ts'
export { compileFormula, formulaType } from './formula.ts'
export { FormulaError } from './errors.ts'
export { fieldNames, functionNames } from './ast.ts'
export { formulaFunctions, FormulaFunctionRegistry, FORMULA_FUNCTION_TAKEN } from './function-registry.ts'
export { formulaFunctionsExtensionPoint, type FormulaFunctionsExtension } from '../extension.ts'
export { DEFAULT_MAX_TEXT_LENGTH } from './text-limit.ts'

function problem(err: unknown): string {
  if (err instanceof FormulaError) return err.message
  // The kernel's cycle error names the whole path already.
  if (err instanceof Error && /^formula cycle/.test(err.message)) return err.message
  return `formula cannot be checked: ${err instanceof Error ? err.message : String(err)}`
}

/** The formula's result type; undefined when it no longer type-checks (it then reads as empty). */
function resultType(c: FormulaConfig, scope: FieldScope) {
  try {
    return formulaType(c.formula, scope)
  } catch {
    return undefined
  }
}

export const formulaFieldType = defineFieldType({
  type: 'formula',
  label: 'Formula',
  description: 'A value computed from other fields of the row, e.g. {Price} * {Quantity}.',
  config: formulaConfigSchema,
  checkConfig: (c: FormulaConfig, scope?: FieldScope) => {
    // Without a scope only the syntax can be checked.
    try {
      if (scope === undefined) parseCached(c.formula)
      else formulaType(c.formula, scope)
      return []
    } catch (err) {
      return [{ path: ['formula'], message: problem(err) }]
    }
  },
  column: () => null,
  expression: (c, scope) => {
    const { sql: expr, type } = compileFormula(c.formula, scope)
    return type === 'text' ? capText(expr) : expr
  },
  valueType: resultType,
  // Field names resolve to ids only through a scope; the kernel records dependencies from the
  // fields the formula asks its scope for.
  dependsOn: () => [],
  formulaFunctions: (c) => {
    try {
      return functionNames(parseCached(c.formula))
    } catch {
      return []
    }
  },
  // Search matches text results as text; numbers, dates and the rest are not searched.
  search: (col, term, c, scope) => (scope && resultType(c, scope) === 'text' ? sql`${col} ilike ${term.pattern}` : undefined),
  // Computed: never written.
  input: () => z.never(),
  operators: formulaOperators,
})

export default defineServerPlugin(fieldFormulaPlugin, {
  fieldTypes: [formulaFieldType],
  settings: formulaSettings,
  setup: (ctx) => {
    setMaxTextLength(ctx.settings().maxTextLength)
    ctx.onSettingsChange((s) => {
      setMaxTextLength(s.maxTextLength)
    })
    // Function plugins (formula-math, -text, ...) add their functions through this point.
    ctx.provide(formulaFunctionsExtensionPoint, formulaFunctions.extensionPoint())
  },
})
