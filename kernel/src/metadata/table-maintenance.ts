import type { Actor, KernelContext } from '../context.ts'
import { codes } from '../errors/codes.ts'
import { compactTable } from '../ddl/compact-table.ts'
import { attributeSlots, purgeArchived } from '../ddl/purge-archived.ts'
import { lockTableSchema } from '../ddl/table-lock.ts'
import { loadTable } from '../schema/table-repo.ts'
import { publicTable } from '../schema/table-model.ts'
import { schemaTransaction } from '../ddl/index-builds.ts'

/**
 * Giving a table's column budget back: archived columns purged for good (their values are gone:
 * no restore after this), and the table rebuilt so PostgreSQL's dropped columns stop counting.
 * Both in one transaction under the table's schema lock, like every schema change.
 */
export class TableMaintenanceService {
  constructor(private readonly k: KernelContext) {}

  readonly #available = (type: string): boolean => this.k.plugins.registries.fieldTypes.get(type) !== undefined

  /** `DELETE /api/tables/:id/archived-columns[/:columnId]`: one archived column, or all of them. */
  async purgeArchived(actor: Actor, tableId: string, columnId?: string) {
    const result = await schemaTransaction(this.k.db, async (tx) => {
      await lockTableSchema(tx, tableId, (await loadTable(tx, actor.companyId, tableId)).name)
      const table = await loadTable(tx, actor.companyId, tableId)
      const purge = columnId === undefined ? table.archived : table.archived.filter((c) => c.id === columnId)
      if (columnId !== undefined && purge.length === 0) throw codes.KRN_ERR_NOT_FOUND('Archived column', columnId)
      const dropped = await purgeArchived(tx, table, purge)
      if (purge.length) {
        const steps = purge.map((c) => ({ kind: 'purge', columnId: c.id, column: c.name }))
        await this.k.audit.write(tx, actor, { action: 'table.schema.update', resourceType: 'table', resourceId: tableId, resourceName: table.name, tableId, metadata: { steps } })
      }
      const after = await loadTable(tx, actor.companyId, tableId)
      return { purged: purge.map((c) => ({ id: c.id, name: c.name })), droppedColumns: dropped.length, slots: await attributeSlots(tx, table.tableName), after }
    })
    // A relation's other side may live on another table: invalidating forgets every cached table
    // (and tells other server processes).
    this.k.tables.invalidate(tableId)
    if (result.purged.length)
      this.k.events.emit('table.schemaChanged', { tableId, companyId: actor.companyId, steps: result.purged.map((c) => ({ kind: 'purge', columnId: c.id })) })
    return { purged: result.purged, attributeSlots: result.slots, table: publicTable(result.after, { archived: true }, this.#available) }
  }

  /** `POST /api/tables/:id/compact`: rebuilds the table; rows, links, indexes and stored values unchanged. */
  async compact(actor: Actor, tableId: string) {
    const slots = await schemaTransaction(this.k.db, async (tx) => {
      const table = await loadTable(tx, actor.companyId, tableId)
      await lockTableSchema(tx, tableId, table.name)
      await this.k.audit.write(tx, actor, { action: 'table.compact', resourceType: 'table', resourceId: tableId, resourceName: table.name, tableId })
      return compactTable(tx, table.tableName)
    })
    this.k.tables.invalidate(tableId)
    return { attributeSlotsBefore: slots.slotsBefore, attributeSlotsAfter: slots.slotsAfter }
  }
}
