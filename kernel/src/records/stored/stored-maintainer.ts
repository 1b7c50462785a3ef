import { arrayLiteral, sql, type SQL } from '@docpal/plugin-sdk'
import type { Executor } from '../../db/executor.ts'
import { ident } from '../../sql/ident.ts'
import { recompute } from './recompute.ts'
import type { StoredField } from '../../schema/stored-fields.ts'

type Change =
  | { readonly kind: 'rows'; readonly tableId: string; readonly ids: ReadonlyArray<string>; readonly columns: ReadonlySet<string> }
  | { readonly kind: 'links'; readonly link: string; readonly src: ReadonlyArray<string>; readonly dst: ReadonlyArray<string> }

/** Fields of one table to recompute for the rows a subquery selects. */
interface Work {
  readonly fields: Group
  readonly rows: SQL
}

// Field dependencies are acyclic, so changes die out; this bounds a bug, not a design.
const MAX_ROUNDS = 64

const other = (side: 'src' | 'dst'): 'src' | 'dst' => (side === 'src' ? 'dst' : 'src')
const uuids = (ids: ReadonlyArray<string>): SQL => sql`${arrayLiteral([...ids])}::uuid[]`

/** Fields grouped by table and link (how affected rows are found). */
type Group = [StoredField, ...StoredField[]]

/** Fields grouped by the table they live in and the link they read; every group has one at least. */
function byTable(fields: Iterable<StoredField>): Group[] {
  const groups = new Map<string, Group>()
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
    const pending: Work[] = []
    for (const group of byTable(readers)) {
      const { link } = group[0]
      const rows = await ex.query<{ id: string }>(sql`select distinct ${ident(link.self)} as id from ${ident(link.table)} where ${ident(other(link.self))} = any(${uuids(ids)})`)
      if (rows.length) pending.push({ fields: group, rows: sql`select unnest(${uuids(rows.map((r) => r.id))})` })
    }
    return (after) => this.#run(after, [], pending)
  }

  /**
   * Rounds of recomputation: each round's work is merged per table (one recompute over the union
   * of the rows, so a write costs one statement per table it reaches, not one per field), and
   * what it changed is the next round's input.
   */
  async #run(ex: Executor, start: Change[], work: Work[] = []): Promise<void> {
    let queue = start
    let extra = work
    for (let round = 0; (queue.length || extra.length) && round < MAX_ROUNDS; round++) {
      const perTable = new Map<string, { fields: Set<StoredField>; rows: SQL[] }>()
      for (const w of [...extra, ...queue.flatMap((c) => this.#affected(c))]) {
        const key = w.fields[0].table.id
        let entry = perTable.get(key)
        if (!entry) perTable.set(key, (entry = { fields: new Set(), rows: [] }))
        for (const f of w.fields) entry.fields.add(f)
        entry.rows.push(w.rows)
      }
      const next: Change[] = []
      for (const [tableId, { fields, rows }] of perTable) {
        const [only] = rows
        const union =
          only && rows.length === 1
            ? only
            : sql.join(
                rows.map((r) => sql`(${r})`),
                sql` union `,
              )
        const changed = await recompute(ex, [...fields], union)
        if (changed.length) next.push({ kind: 'rows', tableId, ids: changed, columns: new Set([...fields].map((f) => f.storedColumn)) })
      }
      queue = next
      extra = []
    }
  }

  #affected(change: Change): Work[] {
    if (change.kind === 'rows') {
      const readers = this.#fields.filter((f) => f.targetTableId === change.tableId && [...change.columns].some((c) => f.targetColumns.has(c)))
      return byTable(readers).map((fields) => ({ fields, rows: linkedTo(fields[0], change.ids) }))
    }
    const readers = this.#fields.filter((f) => f.link.table === change.link)
    const out: Work[] = []
    for (const fields of byTable(readers)) {
      const ids = fields[0].link.self === 'src' ? change.src : change.dst
      if (ids.length) out.push({ fields, rows: sql`select unnest(${uuids(ids)})` })
    }
    return out
  }
}
