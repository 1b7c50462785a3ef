import { arrayLiteral, DocPalError, sql, type ErrorPath } from '@docpal/plugin-sdk'
import type { Actor, KernelContext } from '../context.ts'
import type { Executor } from '../db/executor.ts'
import { codes } from '../errors/codes.ts'
import type { BoundColumn } from '../schema/table-model.ts'
import { valueOf, type KeyBy, type TableRuntime } from '../schema/table-runtime.ts'
import type { CellInputOptions, CellRejection } from './cell-input.ts'
import { UUID_RE } from '../validation.ts'
import { andRule } from './row-rules.ts'
import { keyOf, tableFor } from './write-support.ts'

/** Matches read per column per request: a paste names at most a few thousand records. */
const MAX_MATCHES = 20_000

/** One cell's text: whole (a name may hold a comma), and its comma- or line-separated parts. */
function namesIn(text: string): { whole: string; parts: string[] } {
  const whole = text.trim()
  return {
    whole,
    parts: whole
      .split(/[,\n]/)
      .map((s) => s.trim())
      .filter(Boolean),
  }
}

type Cell = { index: number; key: string; whole: string; parts: string[] }

/**
 * Text cells of columns whose type names records (`namesRecords`: a relation pasted as its
 * display values, "Acme, Globex") become the ids of the records they name: one query per column
 * per request on the linked table as the writer may read it (its row rules apply, its hidden
 * columns cannot be looked up by), matched case-insensitively. The whole text is tried first,
 * then its comma-separated parts; a cell of ids stays ids. A name that matches no record or
 * several refuses the cell: left out and reported with `skipInvalid`, else a 400 at its path.
 * Other cells are answered untouched, as are all cells when the write is not text input. `ex`:
 * where to read (an import's transaction: PGlite has one connection).
 */
export async function resolveNamedRecords(
  k: KernelContext,
  actor: Actor,
  rt: TableRuntime,
  fieldsList: ReadonlyArray<unknown>,
  keyBy: KeyBy,
  opts: CellInputOptions,
  rejected: CellRejection[],
  pathOf: (index: number) => ErrorPath,
  ex: Executor = k.db,
): Promise<unknown[]> {
  const out = [...fieldsList]
  if (!opts.text) return out
  for (const b of rt.byId.values()) {
    const target = b.fieldType?.namesRecords?.(b.meta.config)
    if (!target) continue
    const key = keyOf(b, keyBy)
    const cells: Cell[] = []
    out.forEach((fields, index) => {
      const raw = fields !== null && typeof fields === 'object' && !Array.isArray(fields) ? (fields as Record<string, unknown>)[key] : undefined
      if (typeof raw !== 'string' || raw.trim() === '') return
      const { whole, parts } = namesIn(raw)
      if (parts.every((p) => UUID_RE.test(p))) set(out, index, key, parts)
      else cells.push({ index, key, whole, parts })
    })
    if (!cells.length) continue
    const refuse = (c: Cell, reason: string) => {
      if (opts.skipInvalid) {
        rejected.push({ index: c.index, field: c.key, reason: `'${c.whole.length > 40 ? `${c.whole.slice(0, 40)}…` : c.whole}': ${reason}` })
        set(out, c.index, c.key, undefined)
        return
      }
      throw codes.KRN_ERR_RECORD_INVALID(`Column '${b.meta.name}': ${reason}`, { path: [...pathOf(c.index), c.key] })
    }
    const found = await lookUp(k, actor, b, target, cells, ex)
    if (typeof found === 'string') {
      for (const c of cells) refuse(c, found)
      continue
    }
    for (const c of cells) {
      const whole = found.ids.get(c.whole.toLowerCase()) ?? []
      if (whole.length === 1) {
        set(out, c.index, c.key, whole)
        continue
      }
      const ids: string[] = []
      let why: string | undefined
      for (const p of c.parts) {
        const m = UUID_RE.test(p) ? [p] : (found.ids.get(p.toLowerCase()) ?? [])
        const [only] = m
        if (m.length === 1 && only !== undefined) {
          if (!ids.includes(only)) ids.push(only)
          continue
        }
        why = m.length
          ? `${m.length} records of '${found.table}' are named '${p}': link them by id, or rename one.`
          : `no record of '${found.table}' is named '${p}' (or you cannot read it).`
        break
      }
      if (why) refuse(c, why)
      else set(out, c.index, c.key, ids)
    }
  }
  return out
}

function set(list: unknown[], index: number, key: string, value: unknown): void {
  // A refused cell is left out of the write (`skipInvalid`), as screenFields leaves out the others.
  list[index] = Object.fromEntries([...Object.entries(list[index] as Record<string, unknown>).filter(([k]) => k !== key), ...(value === undefined ? [] : [[key, value]])])
}

/** The records of the linked table, readable by the writer, whose name field is one of the cells' names (lower-cased). */
async function lookUp(
  k: KernelContext,
  actor: Actor,
  b: BoundColumn,
  target: { readonly tableId: string; readonly fieldId: string | undefined },
  cells: ReadonlyArray<Cell>,
  ex: Executor,
): Promise<{ table: string; ids: Map<string, string[]> } | string> {
  const trt = await tableFor(k, actor, target.tableId, 'view', ex).catch((err: unknown) => {
    // Linking needs reading the linked table: without it, its records cannot be named either.
    if (err instanceof DocPalError && (err.status === 403 || err.status === 404)) return undefined
    throw err
  })
  if (!trt) return 'you cannot read the linked table, so its records cannot be named here.'
  const ref = target.fieldId ?? trt.columns[0]?.id
  if (!ref || !trt.byId.has(ref)) return `records of '${trt.meta.name}' cannot be named here: the field that names them is not visible to you; link them by id.`
  const name = sql`lower((${valueOf(trt.field(ref, ['fields', b.meta.name]), trt.scope(actor.userId))})::text)`
  const names = [...new Set(cells.flatMap((c) => [c.whole, ...c.parts]).map((n) => n.toLowerCase()))]
  const rows = await ex.query<{ id: string; name: string }>(
    sql`select t.id::text as id, ${name} as name from ${trt.physical} t${trt.storedJoin} where ${name} = any(${arrayLiteral(names)}::text[])${andRule(trt, 'read', actor.userId)} limit ${MAX_MATCHES}`,
  )
  const ids = new Map<string, string[]>()
  for (const r of rows) ids.set(r.name, [...(ids.get(r.name) ?? []), r.id])
  return { table: trt.meta.name, ids }
}
