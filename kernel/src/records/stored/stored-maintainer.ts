import { arrayLiteral, sql, type SQL } from '@docpal/plugin-sdk'
import type { Executor } from '../../db/executor.ts'
import { ident } from '../../sql/ident.ts'
import { recompute } from './recompute.ts'
import type { StoredField } from './stored-fields.ts'

type Change =
  | { readonly kind: 'rows'; readonly tableId: string; readonly ids: ReadonlyArray<string>; readonly columns: ReadonlySet<string> }
  | { readonly kind: 'links'; readonly link: string; readonly src: ReadonlyArray<string>; readonly dst: ReadonlyArray<string> }

// Field dependencies are acyclic, so changes die out; this bounds a bug, not a design.
const MAX_ROUNDS = 64

const other = (side: 'src' | 'dst'): 'src' | 'dst' => (side === 'src' ? 'dst' : 'src')
const uuids = (ids: ReadonlyArray<string>): SQL => sql`${arrayLiteral([...ids])}::uuid[]`

/** Fields grouped by table (one statement recomputes a table's fields together). */
function byTable(fields: Iterable<StoredField>): StoredField[][] {
  const groups = new Map<string, StoredField[]>()
  for (const f of fields) {
    const key = `${f.table.id}|${f.link.table}|${f.link.self}`
    const list = groups.get(key)
    if (list) list.push(f)
    else groups.set(key, [f])
  }
  return [...groups.values()]
}

/** The rows of a field's table linked (through its link table) to the records `ids` of its target. */
function linkedTo(f: StoredField, ids: ReadonlyArray<string>): SQL {
  return sql`select ${ident(f.link.self)} from ${ident(f.link.table)} where ${ident(other(f.link.self))} = any(${uuids(ids)})`
}

/**
 * Keeps stored values true inside the writing transaction: a write reports which rows and
 * columns changed, or which links; the fields reading them are recomputed for the affected rows
 * only, and what that changes is propagated in turn (a lookup of a rollup of a lookup).
 */
export class StoredMaintainer {
  readonly #fields: ReadonlyArray<StoredField>

  constructor(fields: ReadonlyArray<StoredField>) {
    this.#fields = fields
  }

  /** Whether changing these columns of the table (all when absent) can change a stored value. */
  readsTable(tableId: string, columns?: Iterable<string>): boolean {
    const cols = columns ? [...columns] : undefined
    return this.#fields.some((f) => f.targetTableId === tableId && (!cols || cols.some((c) => f.targetColumns.has(c))))
  }

  /** Whether a link table feeds a stored value. */
  readsLink(link: string): boolean {
    return this.#fields.some((f) => f.link.table === link)
  }

  async rowsChanged(ex: Executor, tableId: string, ids: ReadonlyArray<string>, columns: Iterable<string>): Promise<void> {
    if (ids.length) await this.#run(ex, [{ kind: 'rows', tableId, ids, columns: new Set(columns) }])
  }

  async linksChanged(ex: Executor, link: string, src: ReadonlyArray<string>, dst: ReadonlyArray<string>): Promise<void> {
    if (src.length || dst.length) await this.#run(ex, [{ kind: 'links', link, src, dst }])
  }

  /**
   * Before records of a table are deleted: the rows elsewhere that link to them, found while the
   * links still exist; the returned function recomputes those rows once the delete has run.
   */
  async beforeDelete(ex: Executor, tableId: string, ids: ReadonlyArray<string>): Promise<(ex: Executor) => Promise<void>> {
    const readers = this.#fields.filter((f) => f.targetTableId === tableId)
    if (!readers.length || !ids.length) return async () => {}
    const pending: Array<{ fields: StoredField[]; rows: string[] }> = []
    for (const group of byTable(readers)) {
      const rows = await ex.query<{ id: string }>(sql`select distinct ${ident(group[0]!.link.self)} as id from ${ident(group[0]!.link.table)} where ${ident(other(group[0]!.link.self))} = any(${uuids(ids)})`)
      if (rows.length) pending.push({ fields: group, rows: rows.map((r) => r.id) })
    }
    return async (after) => {
      const next: Change[] = []
      for (const p of pending) {
        const changed = await recompute(after, p.fields, sql`select unnest(${uuids(p.rows)})`)
        if (changed.length) next.push({ kind: 'rows', tableId: p.fields[0]!.table.id, ids: changed, columns: new Set(p.fields.map((f) => f.storedColumn)) })
      }
      await this.#run(after, next)
    }
  }

  async #run(ex: Executor, start: Change[]): Promise<void> {
    let queue = start
    for (let round = 0; queue.length && round < MAX_ROUNDS; round++) {
      const next: Change[] = []
      for (const change of queue) {
        for (const { fields, rows } of this.#affected(change)) {
          const changed = await recompute(ex, fields, rows)
          if (changed.length) next.push({ kind: 'rows', tableId: fields[0]!.table.id, ids: changed, columns: new Set(fields.map((f) => f.storedColumn)) })
        }
      }
      queue = next
    }
  }

  #affected(change: Change): Array<{ fields: StoredField[]; rows: SQL }> {
    if (change.kind === 'rows') {
      const readers = this.#fields.filter((f) => f.targetTableId === change.tableId && [...change.columns].some((c) => f.targetColumns.has(c)))
      return byTable(readers).map((fields) => ({ fields, rows: linkedTo(fields[0]!, change.ids) }))
    }
    const readers = this.#fields.filter((f) => f.link.table === change.link)
    const out: Array<{ fields: StoredField[]; rows: SQL }> = []
    for (const fields of byTable(readers)) {
      const ids = fields[0]!.link.self === 'src' ? change.src : change.dst
      if (ids.length) out.push({ fields, rows: sql`select unnest(${uuids(ids)})` })
    }
    return out
  }
}
