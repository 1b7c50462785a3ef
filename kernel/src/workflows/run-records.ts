import { createHash } from 'node:crypto'
import type { WorkflowRecord, WorkflowRecords } from '@docpal/plugin-sdk'
import type { Actor, KernelContext } from '../context.ts'
import { textValue } from '../records/cell-input.ts'
import type { RecordsService } from '../records/records-service.ts'
import { isNotFound } from './not-found.ts'

const MAX_LIST = 1000

/** A UUID (version 8, RFC 9562) that is a function of `key`: the same step of the same run names the same record. */
export function uuidOf(key: string): string {
  const h = createHash('sha256').update(key).digest()
  h[6] = ((h[6] ?? 0) & 0x0f) | 0x80
  h[8] = ((h[8] ?? 0) & 0x3f) | 0x80
  const x = h.subarray(0, 16).toString('hex')
  return `${x.slice(0, 8)}-${x.slice(8, 12)}-${x.slice(12, 16)}-${x.slice(16, 20)}-${x.slice(20, 32)}`
}

function record(text: string): WorkflowRecord {
  const r = JSON.parse(text) as { id: string; fields: Record<string, unknown> }
  return { id: r.id, fields: r.fields }
}

/**
 * A step's field values as their columns take them: text (typed into the builder's value box, or
 * a template rendered into a sentence) read by each column's own parser where its type has one,
 * as a paste or an import reads it: a Switch set to "true", a Number to "12.5", a Date to
 * "2027-01-05". Values that are not text (a whole `{{variable}}` keeps its type) and columns
 * without a parser (text, selects by label) are passed on as they are.
 */
async function typedFields(k: KernelContext, actor: Actor, tableId: string, fields: Readonly<Record<string, unknown>>): Promise<Record<string, unknown>> {
  const rt = await k.tables.get(actor.companyId, tableId)
  const out: Record<string, unknown> = {}
  for (const [key, value] of Object.entries(fields)) {
    const b = rt.byName.get(key)
    out[key] = typeof value === 'string' && b?.fieldType?.parseText ? textValue(b, value) : value
  }
  return out
}

/**
 * Records as a step sees them, through the kernel's record service (checks, hooks, permissions of
 * the run's user, audit). A create inside a run takes an id derived from the step's idempotency
 * key, so a step retried after a crash finds the record it made instead of making another (a
 * step's first attempt has nothing to find and does not look).
 */
export function runRecords(k: KernelContext, records: RecordsService, actor: Actor, idempotencyKey: string | undefined, firstAttempt = false): WorkflowRecords {
  let creates = 0
  return {
    async create(tableId, given) {
      const fields = await typedFields(k, actor, tableId, given)
      if (idempotencyKey === undefined) return record(await records.create(actor, tableId, { fields }, 'name'))
      const id = uuidOf(`${idempotencyKey}:${creates++}`)
      // Only an earlier attempt of this step can have made it.
      if (!firstAttempt) {
        try {
          return record(await records.get(actor, tableId, id, 'name'))
        } catch (err) {
          if (!isNotFound(err)) throw err
        }
      }
      return record(await records.create(actor, tableId, { fields }, 'name', { recordId: id }))
    },
    async update(tableId, recordId, fields) {
      return record(await records.update(actor, tableId, recordId, { fields: await typedFields(k, actor, tableId, fields) }, 'patch', 'name'))
    },
    async get(tableId, recordId) {
      return record(await records.get(actor, tableId, recordId, 'name'))
    },
    async list(tableId, query) {
      const limit = Math.min(Math.max(1, query.limit ?? 100), MAX_LIST)
      const page = JSON.parse(
        await records.list(actor, tableId, { ...(query.filter !== undefined ? { filter: query.filter } : {}), ...(query.sort !== undefined ? { sort: query.sort } : {}), limit }),
      ) as {
        records: Array<{ id: string; fields: Record<string, unknown> }>
      }
      return page.records.map((r) => ({ id: r.id, fields: r.fields }))
    },
  }
}
