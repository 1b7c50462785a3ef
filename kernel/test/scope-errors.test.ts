import { describe, expect, it } from 'vitest'
import { defineFieldType, z, type AnyFieldType } from '@docpal/plugin-sdk'
import { compile } from '../src/db/executor.ts'
import { AliasCounter, TableScope } from '../src/schema/scope.ts'
import type { ColumnMeta, TableMeta } from '../src/schema/table-model.ts'

/** A computed type whose expression fails; `stands` says what its own config check reports. */
function failing(type: string, stands: boolean): AnyFieldType {
  return defineFieldType({
    type,
    label: type,
    config: z.object({}),
    column: () => null,
    checkConfig: () => (stands ? [] : [{ path: ['source'], message: 'the field it reads was removed' }]),
    expression: () => {
      throw new Error(`${type} failed`)
    },
    operators: {},
  })
}

const column = (type: string): ColumnMeta => ({
  id: `aaaaaaaa-0000-4000-8000-00000000000${type.length}`,
  name: type,
  type,
  config: {},
  required: false,
  order: 0,
  columnName: null,
  dataType: null,
  linkSide: null,
  storedColumn: null,
  storedSignature: null,
  archivedAt: null,
})
const broken = column('broken')
const buggy = column('buggy!')
const meta: TableMeta = {
  id: '11111111-1111-4111-8111-111111111111',
  companyId: '22222222-2222-4222-8222-222222222222',
  appId: '33333333-3333-4333-8333-333333333333',
  name: 'T',
  description: null,
  tableName: 'dt_222222222222_1111111111114111',
  version: 1,
  createdBy: null,
  createdAt: '',
  updatedAt: '',
  columns: [broken, buggy],
  archived: [],
  layouts: { defaultCardView: {}, defaultForm: {}, defaultDetailDashboard: {}, userCardView: null, form: null, detailView: null },
}
const types = new Map([
  ['broken', failing('broken', false)],
  ['buggy!', failing('buggy!', true)],
])
const scope = new TableScope(meta, 't', { table: () => undefined, fieldType: (t) => types.get(t), formulaFunction: () => undefined, userId: '' }, new AliasCounter())

describe('a computed field whose SQL cannot be built', () => {
  it('reads as empty when its own type says the definition no longer stands', () => {
    expect(compile(scope.valueOf(broken, types.get('broken'))).sql).toBe('null')
  })

  it('surfaces any other failure instead of reading as empty', () => {
    expect(() => scope.valueOf(buggy, types.get('buggy!'))).toThrow('buggy! failed')
  })
})
