import type { ColumnInfo, TableMeta } from '@docpal/plugin-sdk/client'
import type { ColumnDraft } from '../../services/endpoints.ts'

/**
 * A column as the builder edits it. `key` is the column's id once it exists on the server; a new
 * column gets a temporary UUID so that config editors (a lookup naming its relation field, say)
 * can refer to it before the server has given it an id.
 */
export interface DraftColumn {
  key: string
  /** The server's id; unset for a column not yet created. */
  id?: string
  name: string
  type: string
  config: Record<string, unknown>
  required: boolean
}

export interface TableDraft {
  name: string
  description: string
  columns: DraftColumn[]
}

/** The table with its archived columns (`GET /api/tables/:id?includeArchived=true`). */
export type BuilderTable = TableMeta & { archivedColumns?: ReadonlyArray<ColumnInfo & { archivedAt?: string }> }

export function newKey(): string {
  return crypto.randomUUID()
}

export function draftColumn(c: ColumnInfo): DraftColumn {
  return { key: c.id, id: c.id, name: c.name, type: c.type, config: plain(c.config), required: c.required }
}

export function draftOf(table: TableMeta | null): TableDraft {
  if (!table) return { name: '', description: '', columns: [] }
  return { name: table.name, description: table.description ?? '', columns: table.columns.map(draftColumn) }
}

// A deep copy that also unwraps Vue proxies (which structuredClone refuses).
function plain<T>(v: T): T {
  return JSON.parse(JSON.stringify(v ?? {})) as T
}

/** The draft as config editors see it: a `TableMeta` whose columns carry their keys as ids. */
export function draftTable(d: TableDraft, base: { id: string; appId: string } | null, appId: string): TableMeta {
  return {
    id: base?.id ?? '',
    appId: base?.appId ?? appId,
    name: d.name,
    description: d.description,
    columns: d.columns.map((c, order): ColumnInfo => ({ id: c.key, name: c.name, type: c.type, config: c.config, required: c.required, order })),
  }
}

/** Keys of other draft columns that a config mentions anywhere (as a string value). */
export function refsOf(config: unknown, keys: ReadonlySet<string>): Set<string> {
  const out = new Set<string>()
  const walk = (v: unknown) => {
    if (typeof v === 'string') {
      if (keys.has(v)) out.add(v)
    } else if (Array.isArray(v)) v.forEach(walk)
    else if (v && typeof v === 'object') Object.values(v).forEach(walk)
  }
  walk(config)
  return out
}

/** The config with temporary keys replaced by the server ids they now have. */
export function resolveRefs<T>(config: T, ids: ReadonlyMap<string, string>): T {
  const walk = (v: unknown): unknown => {
    if (typeof v === 'string') return ids.get(v) ?? v
    if (Array.isArray(v)) return v.map(walk)
    if (v && typeof v === 'object') return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, walk(x)]))
    return v
  }
  return walk(config) as T
}

/** One request's column list, and which draft column each entry is (to place errors by index). */
export interface Stage {
  columns: ColumnDraft[]
  keys: string[]
  /** False when some new columns wait for the ids of columns this stage creates. */
  complete: boolean
  /** Columns listed as the server has them, not as drafted, because their configs wait. */
  waiting: string[]
}

/**
 * The column list to send next. A column whose config refers to a column that does not exist yet
 * waits for a later stage: a new one is left out (so not added yet), an existing one is sent as
 * the server has it. `ids` maps the keys of columns created by earlier stages to their ids.
 */
export function nextStage(d: TableDraft, base: TableMeta | null, ids: ReadonlyMap<string, string>): Stage {
  const pending = new Set(d.columns.filter((c) => !c.id && !ids.has(c.key)).map((c) => c.key))
  const columns: ColumnDraft[] = []
  const keys: string[] = []
  const waitingKeys: string[] = []
  let complete = true
  for (const c of d.columns) {
    const id = c.id ?? ids.get(c.key)
    const waiting = [...refsOf(c.config, pending)].some((k) => k !== c.key)
    if (waiting) {
      complete = false
      waitingKeys.push(c.key)
      const current = id ? base?.columns.find((x) => x.id === id) : undefined
      if (!current) continue
      columns.push({ id, name: current.name, type: current.type, config: current.config, required: current.required })
    } else {
      columns.push(inputOf(c, ids))
    }
    keys.push(c.key)
  }
  // A stage that adds nothing cannot move forward (the references form a loop or name no
  // column): send everything and let the server name the problem at its column.
  const adds = columns.some((c) => !c.id)
  if (!complete && !adds) {
    return { columns: d.columns.map((c) => inputOf(c, ids)), keys: d.columns.map((c) => c.key), complete: true, waiting: [] }
  }
  return { columns, keys, complete, waiting: waitingKeys }
}

function inputOf(c: DraftColumn, ids: ReadonlyMap<string, string>): ColumnDraft {
  const id = c.id ?? ids.get(c.key)
  return { ...(id ? { id } : {}), name: c.name.trim(), type: c.type, config: resolveRefs(c.config, ids), required: c.required }
}

/** Whether the draft differs from the table as saved. */
export function isDirty(d: TableDraft, base: TableMeta | null): boolean {
  const a = draftOf(base)
  const strip = (x: TableDraft) => JSON.stringify({ n: x.name.trim(), d: x.description, c: x.columns.map((c) => [c.id ?? c.key, c.name.trim(), c.type, c.config, c.required]) })
  return base ? strip(a) !== strip(d) : d.name.trim() !== '' || d.columns.length > 0
}

/**
 * After part of a save went through, the draft adopts what the server now has: the ids of the
 * columns it created (as keys, and wherever a config referred to their temporary keys), and the
 * server's version of the columns it saved as drafted (with its config defaults filled in), so
 * that only what is still unsaved shows as changed.
 */
export function adoptSaved(d: TableDraft, table: TableMeta, ids: ReadonlyMap<string, string>, saved: ReadonlySet<string>): void {
  d.columns = d.columns.map((c) => {
    const id = c.id ?? ids.get(c.key)
    const server = id && saved.has(c.key) ? table.columns.find((x) => x.id === id) : undefined
    if (server) return draftColumn(server)
    return { ...c, ...(id ? { key: id, id } : {}), config: resolveRefs(c.config, ids) }
  })
}
