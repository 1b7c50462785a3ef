import { sql, type SQL } from 'drizzle-orm'

/** Who reads the log: their company and whether they manage it (owner, admin). */
export interface AuditViewer {
  readonly userId: string
  readonly companyId: string
  readonly manages: boolean
}

/**
 * The one place deciding which entries a person may read (alias `a`). Owners and admins: the
 * company's whole log. Members: the entries of records and tables they can read, which today is
 * every table of their company that still exists; the permissions issue narrows the table set here.
 */
export function visibleTo(viewer: AuditViewer): SQL {
  if (viewer.manages) return sql`true`
  return sql`(a.resource_type in ('record', 'table') and a.table_id in (select d.id from data_tables d where d.company_id = ${viewer.companyId}::uuid))`
}
