import type { ApiResponse } from './test-server.ts'
import type { Model, World } from './tenancy-world.ts'

/** One request of the tenancy property test. */
export interface Call {
  readonly method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE'
  readonly path: string
  readonly body?: unknown
  readonly headers?: Record<string, string>
}

/**
 * How an operation is aimed:
 * - 'any': at an object of the target company (the actor's own or the other's);
 * - 'foreign': only at the other company's objects (deletes and schema changes that would spoil the fixtures);
 * - 'cross': the actor's own object pointing at the other company's (a view over its table, a relation to it);
 * - 'list': the actor's own lists (the target is not in the request).
 */
export type Aim = 'any' | 'foreign' | 'cross' | 'list'

export interface Operation {
  readonly family: string
  readonly name: string
  readonly aim: Aim
  call(target: World, actor: World, n: number): Call
  /** The model after this call succeeded against the actor's own company. */
  apply?(model: Model, res: ApiResponse, target: World, n: number): void
  /** Own-company calls that may answer 404 (the record was deleted by an earlier call). */
  readonly mayBeGone?: boolean
  /** Instance-wide resources: who may call it, whatever the target. */
  readonly instanceAdminOnly?: boolean
  /** A search by the target's id (the audit log's filters): a foreign id finds nothing (200, empty), it is not refused. */
  readonly filtersForeign?: boolean
}

const pickRecord = (w: World, n: number) => w.recordIds[n % w.recordIds.length]!
const title = (w: World, n: number) => `title ${n} ${w.marker}`

/** Every endpoint family, one entry per operation: adding a family is adding entries here. */
export const OPERATIONS: ReadonlyArray<Operation> = [
  // apps
  { family: 'apps', name: 'list', aim: 'list', call: () => ({ method: 'GET', path: '/api/apps' }) },
  { family: 'apps', name: 'get', aim: 'any', call: (t) => ({ method: 'GET', path: `/api/apps/${t.appId}` }) },
  {
    family: 'apps',
    name: 'rename',
    aim: 'any',
    call: (t, _a, n) => ({ method: 'PUT', path: `/api/apps/${t.appId}`, body: { name: `app ${n} ${t.marker}` } }),
    apply: (m, _r, t, n) => void (m.appName = `app ${n} ${t.marker}`),
  },
  { family: 'apps', name: 'delete', aim: 'foreign', call: (t) => ({ method: 'DELETE', path: `/api/apps/${t.appId}` }) },
  { family: 'apps', name: 'company header', aim: 'foreign', call: (t) => ({ method: 'GET', path: '/api/apps', headers: { 'x-docpal-company': t.companyId } }) },
  // folders
  { family: 'folders', name: 'list', aim: 'any', call: (t) => ({ method: 'GET', path: `/api/apps/${t.appId}/folders` }) },
  { family: 'folders', name: 'get', aim: 'any', call: (t) => ({ method: 'GET', path: `/api/folders/${t.folderId}` }) },
  {
    family: 'folders',
    name: 'rename',
    aim: 'any',
    call: (t, _a, n) => ({ method: 'PUT', path: `/api/folders/${t.folderId}`, body: { name: `folder ${n} ${t.marker}` } }),
    apply: (m, _r, t, n) => void (m.folderName = `folder ${n} ${t.marker}`),
  },
  { family: 'folders', name: 'create in app', aim: 'foreign', call: (t) => ({ method: 'POST', path: `/api/apps/${t.appId}/folders`, body: { name: 'intruder' } }) },
  { family: 'folders', name: 'delete', aim: 'foreign', call: (t) => ({ method: 'DELETE', path: `/api/folders/${t.folderId}` }) },
  { family: 'folders', name: 'reorder', aim: 'foreign', call: (t) => ({ method: 'PUT', path: `/api/folders/${t.folderId}/items`, body: { items: [] } }) },
  { family: 'folders', name: 'unfile', aim: 'foreign', call: (t) => ({ method: 'DELETE', path: `/api/folders/${t.folderId}/items/${t.tableId}` }) },
  {
    family: 'folders',
    name: 'file their table in my folder',
    aim: 'cross',
    call: (t, a) => ({ method: 'POST', path: `/api/folders/${a.folderId}/items`, body: { itemType: 'table', itemId: t.tableId } }),
  },
  // tables
  { family: 'tables', name: 'list', aim: 'any', call: (t) => ({ method: 'GET', path: `/api/apps/${t.appId}/tables` }) },
  { family: 'tables', name: 'get', aim: 'any', call: (t) => ({ method: 'GET', path: `/api/tables/${t.tableId}` }) },
  { family: 'tables', name: 'openapi', aim: 'any', call: (t) => ({ method: 'GET', path: `/api/tables/${t.tableId}/openapi.json` }) },
  { family: 'tables', name: 'create in app', aim: 'foreign', call: (t) => ({ method: 'POST', path: `/api/apps/${t.appId}/tables`, body: { name: 'intruder', columns: [] } }) },
  { family: 'tables', name: 'update', aim: 'foreign', call: (t) => ({ method: 'PUT', path: `/api/tables/${t.tableId}`, body: { name: 'intruder' } }) },
  { family: 'tables', name: 'purge archived columns', aim: 'foreign', call: (t) => ({ method: 'DELETE', path: `/api/tables/${t.tableId}/archived-columns` }) },
  { family: 'tables', name: 'delete', aim: 'foreign', call: (t) => ({ method: 'DELETE', path: `/api/tables/${t.tableId}` }) },
  { family: 'tables', name: 'compact', aim: 'foreign', call: (t) => ({ method: 'POST', path: `/api/tables/${t.tableId}/compact` }) },
  { family: 'tables', name: 'recompute', aim: 'foreign', call: (t) => ({ method: 'POST', path: `/api/tables/${t.tableId}/recompute` }) },
  {
    family: 'tables',
    name: 'relation to their table',
    aim: 'cross',
    call: (t, a, n) => ({
      method: 'POST',
      path: `/api/apps/${a.appId}/tables`,
      body: { name: `link ${n}`, columns: [{ name: 'Link', type: 'relation', config: { targetTableId: t.tableId } }] },
    }),
  },
  // columns
  {
    family: 'columns',
    name: 'rename',
    aim: 'any',
    call: (t, _a, n) => ({ method: 'PATCH', path: `/api/tables/${t.tableId}/columns/${t.extraColumnId}`, body: { name: `extra ${n} ${t.marker}` } }),
    apply: (m, _r, t, n) => void (m.extraName = `extra ${n} ${t.marker}`),
  },
  { family: 'columns', name: 'add', aim: 'foreign', call: (t) => ({ method: 'POST', path: `/api/tables/${t.tableId}/columns`, body: { name: 'intruder', type: 'text' } }) },
  { family: 'columns', name: 'delete', aim: 'foreign', call: (t) => ({ method: 'DELETE', path: `/api/tables/${t.tableId}/columns/${t.extraColumnId}` }) },
  { family: 'columns', name: 'restore', aim: 'foreign', call: (t) => ({ method: 'POST', path: `/api/tables/${t.tableId}/columns/${t.extraColumnId}/restore` }) },
  {
    family: 'columns',
    name: 'their column in my table',
    aim: 'cross',
    call: (t, a) => ({ method: 'PATCH', path: `/api/tables/${a.tableId}/columns/${t.extraColumnId}`, body: { name: 'intruder' } }),
  },
  // records
  {
    family: 'records',
    name: 'create',
    aim: 'any',
    call: (t, _a, n) => ({ method: 'POST', path: `/api/tables/${t.tableId}/records`, body: { fields: { Title: title(t, n) } } }),
    apply: (m, r, t, n) => {
      m.titles.set(r.body.id, title(t, n))
      t.recordIds.push(r.body.id)
    },
  },
  {
    family: 'records',
    name: 'bulk',
    aim: 'any',
    call: (t, _a, n) => ({
      method: 'POST',
      path: `/api/tables/${t.tableId}/records/bulk`,
      body: { records: [{ fields: { Title: title(t, n) } }, { fields: { Title: title(t, n + 1) } }] },
    }),
    apply: (m, r, t, n) => {
      const ids = r.body.ids as string[]
      ids.forEach((id, i) => m.titles.set(id, title(t, n + i)))
      t.recordIds.push(...ids)
    },
  },
  { family: 'records', name: 'list', aim: 'any', call: (t) => ({ method: 'GET', path: `/api/tables/${t.tableId}/records?count=true` }) },
  { family: 'records', name: 'search', aim: 'any', call: (t) => ({ method: 'GET', path: `/api/tables/${t.tableId}/records?search=${t.marker}` }) },
  {
    family: 'records',
    name: 'query',
    aim: 'any',
    call: (t) => ({
      method: 'POST',
      path: `/api/tables/${t.tableId}/records/query`,
      body: { filter: { and: [{ field: 'Title', op: 'contains', value: t.marker }] }, count: true },
    }),
  },
  { family: 'records', name: 'get', aim: 'any', mayBeGone: true, call: (t, _a, n) => ({ method: 'GET', path: `/api/tables/${t.tableId}/records/${pickRecord(t, n)}` }) },
  {
    family: 'records',
    name: 'patch',
    aim: 'any',
    mayBeGone: true,
    call: (t, _a, n) => ({ method: 'PATCH', path: `/api/tables/${t.tableId}/records/${pickRecord(t, n)}`, body: { fields: { Title: title(t, n) } } }),
    apply: (m, _r, t, n) => void m.titles.set(pickRecord(t, n), title(t, n)),
  },
  {
    family: 'records',
    name: 'replace',
    aim: 'any',
    mayBeGone: true,
    call: (t, _a, n) => ({ method: 'PUT', path: `/api/tables/${t.tableId}/records/${pickRecord(t, n)}`, body: { fields: { Title: title(t, n) } } }),
    apply: (m, _r, t, n) => void m.titles.set(pickRecord(t, n), title(t, n)),
  },
  {
    family: 'records',
    name: 'delete',
    aim: 'any',
    mayBeGone: true,
    call: (t, _a, n) => ({ method: 'DELETE', path: `/api/tables/${t.tableId}/records/${pickRecord(t, n)}` }),
    apply: (m, _r, t, n) => void m.titles.delete(pickRecord(t, n)),
  },
  {
    family: 'records',
    name: 'delete many',
    aim: 'any',
    mayBeGone: true,
    call: (t, _a, n) => ({ method: 'POST', path: `/api/tables/${t.tableId}/records/delete`, body: { ids: [pickRecord(t, n)] } }),
    apply: (m, _r, t, n) => void m.titles.delete(pickRecord(t, n)),
  },
  { family: 'records', name: 'their record in my table', aim: 'cross', call: (t, a, n) => ({ method: 'GET', path: `/api/tables/${a.tableId}/records/${pickRecord(t, n)}` }) },
  {
    family: 'records',
    name: 'patch their record through my table',
    aim: 'cross',
    call: (t, a, n) => ({ method: 'PATCH', path: `/api/tables/${a.tableId}/records/${pickRecord(t, n)}`, body: { fields: { Title: 'intruder' } } }),
  },
  {
    family: 'records',
    name: 'delete their records through my table',
    aim: 'cross',
    call: (t, a, n) => ({ method: 'POST', path: `/api/tables/${a.tableId}/records/delete`, body: { ids: [pickRecord(t, n)] } }),
  },
  {
    family: 'records',
    name: 'filter my table by their column',
    aim: 'cross',
    call: (t, a) => ({ method: 'POST', path: `/api/tables/${a.tableId}/records/query?fieldKey=id`, body: { filter: { and: [{ field: t.titleColumnId, op: 'is_not_empty' }] } } }),
  },
  // views
  { family: 'views', name: 'list', aim: 'any', call: (t) => ({ method: 'GET', path: `/api/apps/${t.appId}/views` }) },
  { family: 'views', name: 'get', aim: 'any', call: (t) => ({ method: 'GET', path: `/api/views/${t.viewId}` }) },
  { family: 'views', name: 'data', aim: 'any', call: (t) => ({ method: 'GET', path: `/api/views/${t.viewId}/data` }) },
  {
    family: 'views',
    name: 'rename',
    aim: 'any',
    call: (t, _a, n) => ({ method: 'PUT', path: `/api/views/${t.viewId}`, body: { name: `view ${n} ${t.marker}` } }),
    apply: (m, _r, t, n) => void (m.viewName = `view ${n} ${t.marker}`),
  },
  { family: 'views', name: 'delete', aim: 'foreign', call: (t) => ({ method: 'DELETE', path: `/api/views/${t.viewId}` }) },
  {
    family: 'views',
    name: 'view over their table',
    aim: 'cross',
    call: (t, a, n) => ({ method: 'POST', path: `/api/apps/${a.appId}/views`, body: { name: `spy ${n}`, dataTableId: t.tableId, type: 'table' } }),
  },
  // indexes
  { family: 'indexes', name: 'list', aim: 'any', call: (t) => ({ method: 'GET', path: `/api/tables/${t.tableId}/indexes` }) },
  { family: 'indexes', name: 'create', aim: 'any', call: (t) => ({ method: 'POST', path: `/api/tables/${t.tableId}/indexes`, body: { field: 'Title' } }) },
  // exports
  { family: 'exports', name: 'table', aim: 'any', call: (t) => ({ method: 'GET', path: `/api/tables/${t.tableId}/export?format=csv` }) },
  { family: 'exports', name: 'view', aim: 'any', call: (t) => ({ method: 'GET', path: `/api/views/${t.viewId}/export?format=csv` }) },
  // imports
  { family: 'imports', name: 'get', aim: 'any', call: (t) => ({ method: 'GET', path: `/api/imports/${t.importId}` }) },
  { family: 'imports', name: 'reread', aim: 'any', call: (t) => ({ method: 'PATCH', path: `/api/imports/${t.importId}`, body: { header: true } }) },
  { family: 'imports', name: 'delete', aim: 'foreign', call: (t) => ({ method: 'DELETE', path: `/api/imports/${t.importId}` }) },
  {
    family: 'imports',
    name: 'start theirs into my table',
    aim: 'cross',
    call: (t, a) => ({ method: 'POST', path: `/api/imports/${t.importId}/start`, body: { tableId: a.tableId } }),
  },
  {
    family: 'imports',
    name: 'start mine into their table',
    aim: 'cross',
    call: (t, a) => ({ method: 'POST', path: `/api/imports/${a.importId}/start`, body: { tableId: t.tableId } }),
  },
  // plugin settings (instance-wide today: instance admins only, so the other company's owner never reads them)
  { family: 'plugins', name: 'settings', aim: 'list', instanceAdminOnly: true, call: () => ({ method: 'GET', path: '/api/plugins/fixture-settings/settings' }) },
  {
    family: 'plugins',
    name: 'save settings',
    aim: 'list',
    instanceAdminOnly: true,
    call: (_t, a) => ({ method: 'PUT', path: '/api/plugins/fixture-settings/settings', body: { greeting: `hi ${a.marker}`, times: 1 } }),
  },
  { family: 'plugins', name: 'list', aim: 'list', call: () => ({ method: 'GET', path: '/api/plugins' }) },
  // users and the caller's own account
  { family: 'users', name: 'list', aim: 'list', call: () => ({ method: 'GET', path: '/api/users' }) },
  { family: 'users', name: 'search', aim: 'list', call: () => ({ method: 'GET', path: '/api/users?search=e' }) },
  { family: 'users', name: 'me', aim: 'list', call: () => ({ method: 'GET', path: '/api/auth/me' }) },
  { family: 'users', name: 'sessions', aim: 'list', call: () => ({ method: 'GET', path: '/api/auth/sessions' }) },
  { family: 'users', name: 'tokens', aim: 'list', call: () => ({ method: 'GET', path: '/api/auth/tokens' }) },
  { family: 'users', name: 'revoke their token', aim: 'foreign', call: (t) => ({ method: 'DELETE', path: `/api/auth/tokens/${t.tokenId}` }) },
  { family: 'users', name: 'switch to their company', aim: 'foreign', call: (t) => ({ method: 'POST', path: '/api/auth/switch-company', body: { companyId: t.companyId } }) },
  // companies, members, invitations (the company is in the URL: no X-DocPal-Company needed)
  { family: 'companies', name: 'list', aim: 'list', call: () => ({ method: 'GET', path: '/api/companies' }) },
  { family: 'companies', name: 'get', aim: 'any', call: (t) => ({ method: 'GET', path: `/api/companies/${t.companyId}` }) },
  { family: 'companies', name: 'members', aim: 'any', call: (t) => ({ method: 'GET', path: `/api/companies/${t.companyId}/members` }) },
  { family: 'companies', name: 'invitations', aim: 'any', call: (t) => ({ method: 'GET', path: `/api/companies/${t.companyId}/invitations` }) },
  { family: 'companies', name: 'update', aim: 'foreign', call: (t) => ({ method: 'PATCH', path: `/api/companies/${t.companyId}`, body: { description: 'intruder' } }) },
  { family: 'companies', name: 'delete', aim: 'foreign', call: (t) => ({ method: 'DELETE', path: `/api/companies/${t.companyId}`, body: { confirm: 'intruder' } }) },
  {
    family: 'companies',
    name: 'invite into theirs',
    aim: 'foreign',
    call: (t, _a, n) => ({ method: 'POST', path: `/api/companies/${t.companyId}/invitations`, body: { email: `spy${n}@example.com`, role: 'admin' } }),
  },
  {
    family: 'companies',
    name: 'make myself owner of theirs',
    aim: 'foreign',
    call: (t, a) => ({ method: 'POST', path: `/api/companies/${t.companyId}/transfer-ownership`, body: { userId: a.userId } }),
  },
  {
    family: 'companies',
    name: 'demote their owner',
    aim: 'foreign',
    call: (t) => ({ method: 'PATCH', path: `/api/companies/${t.companyId}/members/${t.userId}`, body: { role: 'member' } }),
  },
  { family: 'companies', name: 'remove their owner', aim: 'foreign', call: (t) => ({ method: 'DELETE', path: `/api/companies/${t.companyId}/members/${t.userId}` }) },
  // audit log (company-scoped; a search by a foreign id finds nothing)
  { family: 'audit', name: 'list', aim: 'list', call: () => ({ method: 'GET', path: '/api/audit/logs?limit=200' }) },
  { family: 'audit', name: 'settings', aim: 'list', call: () => ({ method: 'GET', path: '/api/audit/settings' }) },
  {
    family: 'audit',
    name: 'history of a record',
    aim: 'any',
    filtersForeign: true,
    call: (t, _a, n) => ({ method: 'GET', path: `/api/audit/logs?resourceType=record&resourceId=${pickRecord(t, n)}` }),
  },
  { family: 'audit', name: 'history of a table', aim: 'any', filtersForeign: true, call: (t) => ({ method: 'GET', path: `/api/audit/logs?tableId=${t.tableId}` }) },
  { family: 'audit', name: 'by their owner', aim: 'any', filtersForeign: true, call: (t) => ({ method: 'GET', path: `/api/audit/logs?userId=${t.userId}` }) },
  { family: 'audit', name: 'their company by header', aim: 'foreign', call: (t) => ({ method: 'GET', path: '/api/audit/logs', headers: { 'x-docpal-company': t.companyId } }) },
]
