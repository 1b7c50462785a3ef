import { FORMULA_SQL_TYPE, defineFormulaFunction, defineServerPlugin, elementType, present, sql, textOfFormula } from '@docpal/plugin-sdk'
import type { AnyFormulaFunction, FormulaArg, FormulaValueType, SQL } from '@docpal/plugin-sdk'
import { formulaFunctionsExtensionPoint } from '@docpal/plugin-field-formula/extension'
import { formulaArrayPlugin } from '../manifest.ts'

/*
 * Functions over arrays (the values of lookups and multiple selects). Element order is kept.
 * Blank array → blank result for ARRAYJOIN; ARRAYUNIQUE and ARRAYCOMPACT give an empty array.
 */

const ARRAYS = ['text[]', 'number[]', 'date[]', 'boolean[]'] as const
const array = { name: 'array', type: ARRAYS } as const
/** The type of the (one) array argument. */
const same = ([t]: ReadonlyArray<FormulaValueType>) => present(t, 'the type of the array argument')

/** Elements of an array with their position: `from <this>` gives docpal_e, docpal_n. */
const elements = (a: SQL) => sql`unnest(${a}) with ordinality as docpal_u(docpal_e, docpal_n)`

function emptyOf(a: FormulaArg): SQL {
  return sql`'{}'::${FORMULA_SQL_TYPE[a.type]}`
}

export const arrayFunctions: AnyFormulaFunction[] = [
  defineFormulaFunction({
    name: 'ARRAYJOIN',
    description: "The elements as text joined by separator (default ', '); blank elements are skipped.",
    params: [array, { name: 'separator', type: 'text', optional: true }],
    returns: () => 'text',
    compile: ([a, sep]) => {
      const text = textOfFormula(sql`docpal_e`, elementType(a.type))
      return sql`(select string_agg(${text}, coalesce(${sep?.sql ?? sql`', '`}, '') order by docpal_n) from ${elements(a.sql)})`
    },
  }),
  defineFormulaFunction({
    name: 'ARRAYUNIQUE',
    description: 'The distinct elements, in order of first appearance.',
    params: [array],
    returns: same,
    compile: ([a]) => sql`(select coalesce(array_agg(docpal_e order by docpal_first), ${emptyOf(a)})
      from (select docpal_e, min(docpal_n) as docpal_first from ${elements(a.sql)} group by docpal_e) as docpal_g)`,
  }),
  defineFormulaFunction({
    name: 'ARRAYCOMPACT',
    description: 'The elements without blanks (and, for text, without empty strings).',
    params: [array],
    returns: same,
    compile: ([a]) => {
      const keep = a.type === 'text[]' ? sql`docpal_e is not null and docpal_e <> ''` : sql`docpal_e is not null`
      return sql`(select coalesce(array_agg(docpal_e order by docpal_n), ${emptyOf(a)}) from ${elements(a.sql)} where ${keep})`
    },
  }),
]

// The formula plugin takes functions through its extension point (declared in dependsOn too).
export default defineServerPlugin(formulaArrayPlugin, {
  deps: { formulas: formulaFunctionsExtensionPoint },
  setup: (_ctx, { formulas }) => formulas.add(arrayFunctions),
})
