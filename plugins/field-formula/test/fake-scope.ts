import { sql } from '@docpal/plugin-sdk'
import type { AnyFieldType, AnyFormulaFunction, FieldScope, FormulaValueType, SQL, ScopedField } from '@docpal/plugin-sdk'
import { arrayFunctions } from '../../formula-array/src/server/index.ts'
import { dateFunctions } from '../../formula-date/src/server/index.ts'
import { logicFunctions } from '../../formula-logic/src/server/index.ts'
import { mathFunctions } from '../../formula-math/src/server/index.ts'
import { textFunctions } from '../../formula-text/src/server/index.ts'

export const ALL_FUNCTIONS: ReadonlyArray<AnyFormulaFunction> = [...mathFunctions, ...textFunctions, ...logicFunctions, ...dateFunctions, ...arrayFunctions]

export interface FakeField {
  readonly expr?: SQL
  readonly valueType?: FormulaValueType | undefined
  /** Thrown by `field()` (a cycle). */
  readonly throws?: string
}

/** A FieldScope over named fake fields and every function of the five function plugins. */
export function fakeScope(fields: Record<string, FakeField> = {}, functions = ALL_FUNCTIONS): FieldScope {
  const byName = new Map(functions.map((f) => [f.type, f]))
  return {
    tableId: 't1',
    rowId: sql`t.id`,
    userId: '',
    field(ref: string): ScopedField | undefined {
      const f = fields[ref]
      if (f === undefined) return undefined
      if (f.throws !== undefined) throw new Error(f.throws)
      return {
        id: `id_${ref}`,
        name: ref,
        type: 'fake',
        config: {},
        fieldType: {} as AnyFieldType,
        expr: f.expr ?? sql`t.x`,
        valueType: f.valueType,
      }
    },
    formulaFunction: (name) => byName.get(name.toUpperCase()),
    related: () => undefined,
    links: () => undefined,
    columns: () => Object.keys(fields).map((name) => ({ id: `id_${name}`, name, type: 'fake' })),
    users: () => {
      throw new Error('no users in the fake scope')
    },
    self: undefined,
  }
}
