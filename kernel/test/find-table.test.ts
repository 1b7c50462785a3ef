import { randomUUID } from 'node:crypto'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { defineFieldType, z } from '@docpal/plugin-sdk'
import { migrateKernel } from '../src/db/migrate.ts'
import { TableCache } from '../src/schema/table-cache.ts'
import { findTable, loadTable } from '../src/schema/table-repo.ts'
import type { TableMeta } from '../src/schema/table-model.ts'
import { createTestDatabase, type TestDatabase } from '../../test/support/test-server.ts'

const company = randomUUID()
const missing = randomUUID()
// A relation-like type pointing at a table that does not exist.
const rel = defineFieldType({ type: 'rel', label: 'Rel', config: z.object({}), column: () => null, links: () => ({ targetTableId: missing, many: true }), operators: {} })
const root: TableMeta = {
  id: randomUUID(),
  companyId: company,
  appId: randomUUID(),
  name: 'Root',
  description: null,
  tableName: 'dt_000000000000_0000000000000000',
  version: 1,
  createdBy: null,
  createdAt: '',
  updatedAt: '',
  columns: [
    {
      id: randomUUID(),
      name: 'Link',
      type: 'rel',
      config: {},
      required: false,
      order: 0,
      columnName: null,
      dataType: null,
      linkSide: 'src',
      storedColumn: null,
      storedSignature: null,
      archivedAt: null,
    },
  ],
  archived: [],
  layouts: { defaultCardView: {}, defaultForm: {}, defaultDetailDashboard: {}, userCardView: null, form: null, detailView: null },
}
const registries = { fieldType: (t: string) => (t === 'rel' ? rel : undefined), formulaFunction: () => undefined }

let t: TestDatabase
beforeAll(async () => {
  t = await createTestDatabase()
  await migrateKernel(t.db)
})
afterAll(() => t?.drop())

describe('findTable: undefined only for a table that does not exist', () => {
  it('answers undefined for an unknown id or a non-uuid, and loadTable a 404', async () => {
    expect(await findTable(t.db, company, missing)).toBeUndefined()
    expect(await findTable(t.db, company, 'not-a-uuid')).toBeUndefined()
    await expect(loadTable(t.db, company, missing)).rejects.toMatchObject({ code: 'KRN_ERR_NOT_FOUND' })
  })

  it('leaves a missing related table out of a relation graph', async () => {
    const graph = await new TableCache(t.db, registries).graph(t.db, root)
    expect([...graph.keys()]).toEqual([root.id])
  })

  it('lets a failing database fail, rather than read as "no such table"', async () => {
    await t.db.close()
    await expect(findTable(t.db, company, missing)).rejects.toThrow()
    // Before: the relation graph silently lacked the table.
    await expect(new TableCache(t.db, registries).graph(t.db, root)).rejects.toThrow()
  })
})
