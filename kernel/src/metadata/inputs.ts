import { z } from 'zod'

/** Request shapes of the metadata API, shared by validation and the OpenAPI document. */
export const MAX_COLUMNS = 500
// In a /u pattern a surrogate pair is one code point, so only a lone half is a `Cs` character.
const LONE_SURROGATE = /\p{Cs}/u
/**
 * A name: trimmed and in Unicode NFC, so "é" typed as one code point or as e + accent is one name
 * (duplicates are found, lookups match). A lone surrogate (`"\ud800"` in JSON) is refused: it is no
 * character, and PostgreSQL would store it as U+FFFD.
 */
const name = z
  .string()
  .refine((s) => !LONE_SURROGATE.test(s), 'must be well-formed Unicode (no lone surrogate)')
  .trim()
  .normalize('NFC')
  .min(1, 'must not be empty')
  .max(255)

export const AppInput = z.object({
  name,
  icon: z.string().max(2048).nullish(),
  description: z.string().max(10_000).nullish(),
  menu: z.array(z.unknown()).max(1000).optional(),
})
export const AppPatch = AppInput.partial()

export const FolderInput = z.object({
  name,
  description: z.string().max(10_000).nullish(),
  parentId: z.uuid().nullish(),
  order: z.number().int().min(0).max(1_000_000).optional(),
})
export const FolderPatch = FolderInput.partial()
export const FolderItemInput = z.object({
  itemType: z.enum(['table', 'view', 'dashboard', 'folder']),
  itemId: z.uuid(),
  order: z.number().int().min(0).max(1_000_000).optional(),
})
export const FolderReorderInput = z.object({ items: z.array(z.object({ id: z.uuid(), order: z.number().int().min(0).max(1_000_000) })).max(10_000) })

export const ColumnInput = z.object({
  id: z.uuid().optional(),
  name,
  type: z.string().min(1).max(64),
  config: z.record(z.string(), z.unknown()).optional(),
  required: z.boolean().optional(),
})
export type ColumnInput = z.output<typeof ColumnInput>

export const TableInput = z.object({
  name,
  description: z.string().max(10_000).nullish(),
  columns: z.array(ColumnInput).max(MAX_COLUMNS, `a table has at most ${MAX_COLUMNS} columns`).default([]),
})

export const TableUpdate = z.object({
  name: name.optional(),
  description: z.string().max(10_000).nullish(),
  columns: z.array(ColumnInput).max(MAX_COLUMNS, `a table has at most ${MAX_COLUMNS} columns`).optional(),
  form: z.unknown().optional(),
  userCardView: z.unknown().optional(),
  detailView: z.unknown().optional(),
})

export const ColumnPatch = ColumnInput.omit({ id: true })
  .partial()
  .extend({ order: z.number().int().min(0).optional() })

const ViewQueryConfig = z.object({ filter: z.unknown().optional(), sort: z.unknown().optional(), groupBy: z.string().optional(), fields: z.unknown().optional() })
const ViewConfig = z.record(z.string(), z.unknown())
export const ViewInput = z.object({
  name,
  description: z.string().max(10_000).nullish(),
  dataTableId: z.uuid(),
  type: z.string().min(1).max(64),
  queryConfig: ViewQueryConfig.default({}),
  config: ViewConfig.default({}),
  schema: z.record(z.string(), z.unknown()).optional(),
})
// Without the defaults: zod applies a default inside .partial(), so a PUT of just a name wiped the view's config.
export const ViewPatch = ViewInput.omit({ dataTableId: true }).extend({ queryConfig: ViewQueryConfig, config: ViewConfig }).partial()
