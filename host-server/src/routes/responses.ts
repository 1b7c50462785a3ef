import { z } from 'zod'

/*
 * Answer bodies, for the OpenAPI document (and so for generated clients). Loose objects: a field
 * added to an answer later does not break a client generated today.
 */

const Id = z.string().describe('UUID')
const Timestamp = z.string().describe('timestamp (ISO 8601 or PostgreSQL text form)')

export const AppOut = z
  .looseObject({
    id: Id,
    name: z.string(),
    icon: z.string().nullable(),
    description: z.string().nullable(),
    menu: z.array(z.unknown()),
    createdBy: Id.nullable(),
    createdAt: Timestamp,
    updatedAt: Timestamp,
  })
  .meta({ id: 'App' })

export const ColumnOut = z.looseObject({
  id: Id,
  name: z.string(),
  type: z.string().describe("field type, e.g. 'text', 'number', 'relation'"),
  config: z.record(z.string(), z.unknown()),
  required: z.boolean(),
  order: z.number(),
})

export const TableOut = z
  .looseObject({
    id: Id,
    appId: Id,
    name: z.string(),
    description: z.string().nullable(),
    tableName: z.string().describe('the physical PostgreSQL table'),
    version: z.number(),
    columns: z.array(ColumnOut),
    archivedColumns: z.array(ColumnOut).optional(),
    createdAt: Timestamp,
    updatedAt: Timestamp,
  })
  .meta({ id: 'Table' })

const Plan = z.looseObject({
  steps: z.array(z.looseObject({ kind: z.string(), columnId: Id, name: z.string() })),
  conversions: z.array(z.looseObject({ columnId: Id, name: z.string(), from: z.string(), to: z.string(), values: z.number(), wouldEmpty: z.number() })),
})

/** A schema change answers the table after it with the plan applied; a dry run only the plan. */
export const TableChangeOut = z
  .union([TableOut.extend({ plan: Plan, column: ColumnOut.optional() }), z.looseObject({ dryRun: z.literal(true), plan: Plan })])
  .meta({ id: 'TableChange' })

export const RecordOut = z.looseObject({
  id: Id,
  fields: z.record(z.string(), z.unknown()).describe('values keyed by column name (or id, with ?fieldKey=id)'),
  createdAt: Timestamp,
  updatedAt: Timestamp,
  createdBy: Id.nullable(),
})

export const RecordPageOut = z.looseObject({
  records: z.array(RecordOut),
  total: z.number().optional().describe('with count=true (exact) or count=estimate'),
  limit: z.number(),
  offset: z.number().optional(),
  nextCursor: z.string().nullable().optional(),
})

export const ViewOut = z.looseObject({ id: Id, tableId: Id.optional(), name: z.string(), type: z.string(), config: z.record(z.string(), z.unknown()).optional() })

export const FolderOut = z.looseObject({ id: Id, appId: Id, name: z.string(), parentId: Id.nullable().optional() })

const CellRejected = z.looseObject({
  index: z.number().describe("the record's index in the request"),
  field: z.string().describe('the column as the request named it'),
  reason: z.string(),
})
export const BulkOut = z.looseObject({ created: z.number(), ids: z.array(Id), rejected: z.array(CellRejected).optional().describe('with onInvalid=skip: the cells left out') })
export const SummaryOut = z
  .looseObject({
    total: z.number().describe('records the filter and search match'),
    summaries: z.record(z.string(), z.unknown()).describe('each asked summary by the key it was asked with; null where no record has a value'),
    kinds: z.record(z.string(), z.array(z.string())).describe('what each column (by id) can show'),
  })
  .meta({ id: 'Summary' })
export const BulkUpdateOut = z.looseObject({
  updated: z.number(),
  records: z.array(RecordOut).describe("the records as they are now, in the request's order"),
  rejected: z.array(CellRejected).describe('with onInvalid=skip: the cells left out'),
})
export const DeletedOut = z.looseObject({ deleted: z.number() })
export const RestoredOut = z.looseObject({
  restored: z.number(),
  ids: z.array(Id),
  linksSkipped: z.number().describe('links left out: to records deleted since, or a one-link side that is taken now'),
})

const IndexKindOut = z.enum(['sort', 'search']).describe("'sort': a btree for filters and sorts; 'search': trigrams for quick search of a text column")
const IndexedField = z.looseObject({ fieldId: Id, field: z.string(), index: z.string().describe('the PostgreSQL index'), kind: IndexKindOut })

export const IndexesOut = z.looseObject({
  autoIndex: z.boolean().describe('whether proposals are created automatically (DOCPAL_AUTO_INDEX=on)'),
  slowQueryMs: z.number().describe('a query at least this slow (ms) counts towards a proposal'),
  slowUsesToPropose: z.number().describe('slow queries on a column before its index is proposed'),
  indexed: z.array(IndexedField),
  proposals: z.array(
    z.looseObject({
      fieldId: Id,
      field: z.string(),
      kind: IndexKindOut,
      filtered: z.number(),
      sorted: z.number(),
      searched: z.number().describe('quick searches that read the column row by row'),
      slowQueries: z.number(),
      meanSlowMs: z.number(),
      reason: z.string(),
    }),
  ),
})

export const IndexCreatedOut = IndexedField.extend({ created: z.boolean().describe('false: the column already had its index'), ms: z.number() })
