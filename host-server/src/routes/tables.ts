import type { FastifyInstance } from 'fastify'
import { z } from 'zod'
import { inputs, type Kernel } from '@docpal/kernel'
import { QueryBool, route } from './define.ts'
import { TableChangeOut, TableOut } from './responses.ts'

const ChangeQuery = z.object({ dryRun: QueryBool, force: QueryBool, cascade: QueryBool })
const TableQuery = z.object({ includeArchived: QueryBool })

export function tableRoutes(app: FastifyInstance, k: Kernel): void {
  const tag = 'tables'
  const t = k.tablesService
  /** A dry run answers the plan; a real change answers the table plus what was done. */
  const answer = (r: { table: unknown; steps: unknown; conversions: unknown; applied: boolean }) =>
    r.applied ? { ...(r.table as object), plan: { steps: r.steps, conversions: r.conversions } } : { dryRun: true, plan: { steps: r.steps, conversions: r.conversions } }
  route(app, k, {
    method: 'POST',
    access: 'admin',
    url: '/api/apps/:appId/tables',
    tag,
    summary: 'Create a table (a real PostgreSQL table)',
    body: inputs.TableInput,
    status: 201,
    response: TableOut,
    handler: (c) => t.create(c.actor, c.params.appId, c.body),
  })
  route(app, k, {
    method: 'GET',
    url: '/api/apps/:appId/tables',
    tag,
    summary: 'List tables of an app',
    response: z.array(TableOut),
    handler: (c) => t.list(c.actor, c.params.appId),
  })
  route(app, k, {
    method: 'GET',
    url: '/api/tables/:id',
    tag,
    summary: 'Get table metadata (?includeArchived=true lists archived columns)',
    query: TableQuery,
    response: TableOut,
    handler: (c) => t.get(c.actor, c.params.id, { archived: c.query.includeArchived }),
  })
  route(app, k, {
    method: 'PUT',
    access: 'admin',
    url: '/api/tables/:id',
    tag,
    summary: 'Change a table: the desired column list, planned as a diff (?dryRun, ?force)',
    body: inputs.TableUpdate,
    query: ChangeQuery,
    response: TableChangeOut,
    handler: async (c) => answer(await t.update(c.actor, c.params.id, c.body, c.query)),
  })
  route(app, k, {
    method: 'DELETE',
    access: 'admin',
    url: '/api/tables/:id',
    tag,
    summary: 'Delete a table and its data',
    status: 204,
    handler: (c) => t.delete(c.actor, c.params.id),
  })
  route(app, k, {
    method: 'POST',
    access: 'admin',
    url: '/api/tables/:id/columns',
    tag,
    summary: 'Add a column',
    body: inputs.ColumnInput.omit({ id: true }),
    query: ChangeQuery,
    status: 201,
    response: TableChangeOut,
    handler: async (c) => {
      const r = await t.addColumn(c.actor, c.params.id, c.body, c.query)
      if (!r.applied) c.status(200)
      return r.applied ? { ...answer(r), column: r.column } : answer(r)
    },
  })
  route(app, k, {
    method: 'PATCH',
    access: 'admin',
    url: '/api/tables/:id/columns/:columnId',
    tag,
    summary: 'Rename, reconfigure, retype or move a column (?dryRun, ?force)',
    body: inputs.ColumnPatch,
    query: ChangeQuery,
    handler: async (c) => answer(await t.patchColumn(c.actor, c.params.id, c.params.columnId, c.body, c.query)),
  })
  route(app, k, {
    method: 'DELETE',
    access: 'admin',
    url: '/api/tables/:id/columns/:columnId',
    tag,
    summary: 'Remove a column (archived, restorable)',
    query: ChangeQuery,
    handler: async (c) => answer(await t.deleteColumn(c.actor, c.params.id, c.params.columnId, c.query)),
  })
  route(app, k, {
    method: 'POST',
    access: 'admin',
    url: '/api/tables/:id/recompute',
    tag,
    summary: 'Recompute the stored relation, lookup and aggregation values of a table (after writes made directly in SQL)',
    handler: async (c) => {
      await t.recompute(c.actor, c.params.id)
      return { recomputed: true }
    },
  })
  route(app, k, {
    method: 'POST',
    access: 'admin',
    url: '/api/tables/:id/columns/:columnId/restore',
    tag,
    summary: 'Restore an archived column',
    response: TableChangeOut,
    handler: async (c) => answer(await t.restoreColumn(c.actor, c.params.id, c.params.columnId)),
  })
  route(app, k, {
    method: 'DELETE',
    access: 'admin',
    url: '/api/tables/:id/archived-columns',
    tag,
    summary: 'Purge every archived column of a table for good (their values are deleted; no restore)',
    handler: (c) => k.tableMaintenance.purgeArchived(c.actor, c.params.id),
  })
  route(app, k, {
    method: 'DELETE',
    access: 'admin',
    url: '/api/tables/:id/archived-columns/:columnId',
    tag,
    summary: 'Purge one archived column for good (a relation goes with its other side)',
    handler: (c) => k.tableMaintenance.purgeArchived(c.actor, c.params.id, c.params.columnId),
  })
  route(app, k, {
    method: 'POST',
    access: 'admin',
    url: '/api/tables/:id/compact',
    tag,
    summary: "Rebuild a table so PostgreSQL's dropped columns stop counting against its 1,600-column ceiling",
    handler: (c) => k.tableMaintenance.compact(c.actor, c.params.id),
  })
}
