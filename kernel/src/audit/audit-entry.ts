/** The HTTP request behind an action, as the audit log records it. */
export interface RequestOrigin {
  readonly ip?: string | undefined
  readonly userAgent?: string | undefined
  readonly requestId?: string | undefined
}

/** One thing that happened, as the audit log stores it (who and where come from `AuditWho`). */
export interface AuditEntry {
  /** `<resource>.<verb>`: `record.update`, `table.schema.update`, `session.login_failed`. */
  readonly action: string
  readonly resourceType: string
  readonly resourceId?: string | null | undefined
  /** Denormalised, so the entry still reads well once the resource is gone. */
  readonly resourceName?: string | null | undefined
  /** The table a record or schema entry belongs to (a table's history). */
  readonly tableId?: string | null | undefined
  readonly metadata?: Readonly<Record<string, unknown>> | undefined
}

/**
 * Who acted, for which company, from where. An Actor fits; a failed login has no user id when
 * nobody could be identified (the kernel then writes nothing: there is no company to log it to).
 */
export interface AuditWho {
  readonly userId: string | null
  readonly companyId: string
  readonly origin?: RequestOrigin | undefined
}

/** The actions the kernel and host write; plugins and later issues add theirs as strings. */
export type AuditAction =
  | 'record.create'
  | 'record.update'
  | 'record.delete'
  | 'record.restore'
  | 'record.bulk_create'
  | 'table.create'
  | 'table.update'
  | 'table.schema.update'
  | 'table.delete'
  | 'table.compact'
  | 'app.create'
  | 'app.update'
  | 'app.delete'
  | 'folder.create'
  | 'folder.update'
  | 'folder.delete'
  | 'folder.items.add'
  | 'folder.items.remove'
  | 'folder.items.reorder'
  | 'view.create'
  | 'view.update'
  | 'view.delete'
  | 'index.create'
  | 'index.delete'
  | 'session.login'
  | 'session.logout'
  | 'session.login_failed'
  | 'token.create'
  | 'token.revoke'
  | 'plugin.install'
  | 'plugin.update'
  | 'plugin.enable'
  | 'plugin.disable'
  | 'plugin.uninstall'
  | 'plugin.settings.update'
  | 'audit.settings.update'
  | 'company.create'
  | 'company.update'
  | 'company.ownership.transfer'
  | 'member.update'
  | 'member.remove'
  | 'member.leave'
  | 'member.join'
  | 'invitation.create'
  | 'invitation.revoke'
  | 'invitation.resend'
  | 'invitation.accept'

/** The entry of an action on a named metadata row (app, folder, view): its type is the action's first word. */
export function rowEntry(action: AuditAction, row: { readonly id: string; readonly name: string }, more: Pick<AuditEntry, 'tableId' | 'metadata'> = {}): AuditEntry {
  return { action, resourceType: action.slice(0, action.indexOf('.')), resourceId: row.id, resourceName: row.name, ...more }
}
