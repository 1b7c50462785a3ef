import { sql, type SQL } from 'drizzle-orm'

/** A table whose entries a member may read, as their permission rules allow (issue 17). */
export interface AuditTable {
  readonly id: string
  /** `select <id> ...`: the ids of the records they can read now (their entries are theirs); undefined: all. */
  readonly readable: SQL | undefined
  /** Column names hidden from them: dropped from entries' values and changes; its schema entries are not theirs. */
  readonly hidden: ReadonlyArray<string>
}

/** Who reads the log: their company and whether they manage it (owner, admin). */
export interface AuditViewer {
  readonly userId: string
  readonly companyId: string
  readonly manages: boolean
  /** Set when permission rules limit the member: the tables they may read, and how. */
  readonly tables?: ReadonlyArray<AuditTable> | undefined
}

/**
 * The one place deciding which entries a person may read (alias `a`). Owners and admins: the
 * company's whole log. Members: the entries of records and tables they can read, which today is
 * every table of their company that still exists; the permissions issue narrows the table set here.
 */
export function visibleTo(viewer: AuditViewer): SQL {
  if (viewer.manages) return sql`true`
  if (viewer.tables) {
    if (!viewer.tables.length) return sql`false`
    const each = viewer.tables.map((t) => {
      // A batched record entry (record_ids set) is a record entry: theirs when it lists a record they can read.
      const kinds = t.hidden.length ? sql`(a.resource_type = 'record' or a.record_ids is not null)` : sql`true`
      const rows = t.readable
        ? sql` and (a.resource_type <> 'record' or a.resource_id in (${t.readable})) and (a.record_ids is null or exists (select 1 from unnest(a.record_ids) r(id) where r.id in (${t.readable})))`
        : sql``
      return sql`(a.table_id = ${t.id}::uuid and ${kinds}${rows})`
    })
    // Rules name columns a member may not know of: their changes are for those who manage.
    return sql`(a.resource_type in ('record', 'table') and a.action <> 'permission.update' and (${sql.join(each, sql` or `)}))`
  }
  return sql`(a.resource_type in ('record', 'table') and a.table_id in (select d.id from data_tables d where d.company_id = ${viewer.companyId}::uuid))`
}
