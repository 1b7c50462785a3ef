/**
 * The actions the kernel and host write, for the audit page's filter (kernel/src/audit/audit-entry.ts
 * `AuditAction`, and the workflow engine's run events in kernel/src/workflows/run-events.ts).
 */
export const AUDIT_ACTIONS = [
  'record.create',
  'record.update',
  'record.delete',
  'record.bulk_create',
  'table.create',
  'table.update',
  'table.schema.update',
  'table.delete',
  'table.compact',
  'index.create',
  'app.create',
  'app.update',
  'app.delete',
  'folder.create',
  'folder.update',
  'folder.delete',
  'folder.items.add',
  'folder.items.remove',
  'folder.items.reorder',
  'view.create',
  'view.update',
  'view.delete',
  'session.login',
  'session.logout',
  'session.login_failed',
  'token.create',
  'token.revoke',
  'plugin.install',
  'plugin.update',
  'plugin.enable',
  'plugin.disable',
  'plugin.uninstall',
  'plugin.settings.update',
  'audit.settings.update',
  'index.delete',
  'company.create',
  'company.update',
  'company.ownership.transfer',
  'member.join',
  'member.update',
  'member.remove',
  'member.leave',
  'invitation.create',
  'invitation.revoke',
  'invitation.resend',
  'invitation.accept',
  'role.create',
  'role.update',
  'role.delete',
  'permission.update',
  'workflow.create',
  'workflow.update',
  'workflow.delete',
  'workflow.enable',
  'workflow.disable',
  'workflow.triggered',
  'workflow.started',
  'workflow.action.executed',
  'workflow.action.failed',
  'workflow.paused',
  'workflow.resumed',
  'workflow.completed',
  'workflow.failed',
  'workflow.cancelled',
] as const

export const AUDIT_RESOURCES = ['record', 'table', 'app', 'folder', 'view', 'session', 'token', 'plugin', 'user', 'company', 'member', 'invitation', 'role', 'workflow'] as const

/** An action's label in the current language; an action the shell does not know (a plugin's) shows as written. */
export function actionLabel(t: (key: string) => string, action: string): string {
  const key = `audit.action.${action.replaceAll('.', '_')}`
  const label = t(key)
  return label === key ? action : label
}
