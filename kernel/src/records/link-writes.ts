import { arrayLiteral, sql, type SQL } from '@docpal/plugin-sdk'
import type { Executor } from '../db/executor.ts'
import { codes } from '../errors/codes.ts'
import type { BoundColumn } from '../schema/table-model.ts'
import { ident } from '../sql/ident.ts'
import { physicalColumn } from '../schema/table-model.ts'

function ends(b: BoundColumn): { self: SQL; other: SQL } {
  return b.meta.linkSide === 'src' ? { self: sql`src`, other: sql`dst` } : { self: sql`dst`, other: sql`src` }
}

/** Maps the database's refusals of a link to errors that name the field. */
export async function linkErrors<T>(b: BoundColumn, path: ReadonlyArray<string | number>, run: () => Promise<T>): Promise<T> {
  try {
    return await run()
  } catch (err) {
    const code = (err as { code?: unknown }).code
    if (code === '23503')
      throw codes.KRN_ERR_RECORD_INVALID(`A record linked in '${b.meta.name}' does not exist in the linked table.`, { path: [...path, b.meta.name], cause: err })
    if (code === '23505')
      throw codes.KRN_ERR_CONFLICT(`A record linked in '${b.meta.name}' is already linked elsewhere, and that side allows one link only.`, {
        path: [...path, b.meta.name],
        cause: err,
      })
    throw err
  }
}

/** The ids of a PostgreSQL uuid[] literal as `arrayLiteral` writes it (`{"a","b"}`; uuids need no escapes). */
export function idsOf(list: string | null | undefined): string[] {
  return list && list !== '{}'
    ? list
        .slice(1, -1)
        .split(',')
        .map((s) => s.replace(/^"|"$/g, ''))
    : []
}

/**
 * Replaces the links of one record in one relation field (`ids` as a PostgreSQL uuid[] literal);
 * answers the records at the other end whose links changed (unlinked and linked).
 */
export async function writeLinks(ex: Executor, b: BoundColumn, recordId: string, ids: string | null, replace: boolean): Promise<string[]> {
  const lk = ident(physicalColumn(b.meta))
  const { self, other } = ends(b)
  return linkErrors(b, ['fields'], async () => {
    const removed = replace ? await ex.query<{ o: string }>(sql`delete from ${lk} where ${self} = ${recordId}::uuid returning ${other} as o`) : []
    const added = idsOf(ids)
    if (added.length) await ex.query(sql`insert into ${lk} (${self}, ${other}) select ${recordId}::uuid, unnest(${ids}::uuid[]) on conflict do nothing`)
    return [...new Set([...removed.map((r) => r.o), ...added])]
  })
}

/** Links of many new records at once (bulk insert): two parallel uuid arrays. */
export async function writeLinkPairs(ex: Executor, b: BoundColumn, selfIds: string[], otherIds: string[]): Promise<void> {
  if (!selfIds.length) return
  const lk = ident(physicalColumn(b.meta))
  const { self, other } = ends(b)
  await linkErrors(b, ['records'], () =>
    ex.query(sql`insert into ${lk} (${self}, ${other}) select * from unnest(${arrayLiteral(selfIds)}::uuid[], ${arrayLiteral(otherIds)}::uuid[]) on conflict do nothing`),
  )
}

/** The records each of `cols` (relation fields) links one record to now, by field name: the old side of an audit entry. */
export async function currentLinks(ex: Executor, cols: ReadonlyArray<BoundColumn>, recordId: string): Promise<Record<string, string[]>> {
  const out: Record<string, string[]> = {}
  for (const b of cols) {
    const { self, other } = ends(b)
    const rows = await ex.query<{ o: string }>(sql`select ${other} as o from ${ident(physicalColumn(b.meta))} where ${self} = ${recordId}::uuid`)
    out[b.meta.name] = rows.map((r) => r.o)
  }
  return out
}

/**
 * An update's link changes for its audit entry, `{field: {old, new}}`: the fields whose set of
 * links differs from `previous` (read before the write). Without `previous`, every field's new links.
 */
export function linkChanges(next: Readonly<Record<string, string[]>>, previous?: Readonly<Record<string, string[]>>): Record<string, { old?: string[]; new: string[] }> {
  const same = (a: ReadonlyArray<string>, b: ReadonlyArray<string>) => a.length === b.length && new Set([...a, ...b]).size === new Set(a).size
  const out: Record<string, { old?: string[]; new: string[] }> = {}
  for (const [name, ids] of Object.entries(next)) {
    const old = previous?.[name]
    if (old === undefined) out[name] = { new: ids }
    else if (!same(old, ids)) out[name] = { old, new: ids }
  }
  return out
}
