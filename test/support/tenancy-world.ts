import { randomBytes } from 'node:crypto'
import type { Api } from './test-server.ts'

/** One company as the tenancy property test sees it: the ids of everything in it, and the marker in its values. */
export interface World {
  readonly name: 'A' | 'B'
  readonly api: Api
  /** A string that occurs in this company's values only (never in the other's). */
  readonly marker: string
  readonly userId: string
  readonly companyId: string
  readonly appId: string
  readonly folderId: string
  readonly tableId: string
  readonly titleColumnId: string
  readonly extraColumnId: string
  readonly viewId: string
  readonly importId: string
  readonly tokenId: string
  /** Every record id this company ever had (deleted ones stay: they must stay invisible to the other company too). */
  readonly recordIds: string[]
}

/** What a company's data must be at the end: the writes its own people made, and nothing else. */
export interface Model {
  appName: string
  folderName: string
  viewName: string
  extraName: string
  /** Live records: id -> Title. */
  readonly titles: Map<string, string>
}

async function ok<T>(p: Promise<{ status: number; body: T; text: string }>, what: string): Promise<T> {
  const r = await p
  if (r.status >= 300) throw new Error(`${what}: ${r.status} ${r.text}`)
  return r.body
}

/** Builds one company's app, folder, table (Title, Extra), view, three records, an index and an uploaded import. */
export async function buildWorld(name: 'A' | 'B', api: Api): Promise<{ world: World; model: Model }> {
  const marker = `zq${name}${randomBytes(5).toString('hex')}`
  const me = await ok(api('GET', '/api/auth/me'), 'me')
  const app = await ok(api('POST', '/api/apps', { name: `app ${marker}` }), 'app')
  const folder = await ok(api('POST', `/api/apps/${app.id}/folders`, { name: `folder ${marker}` }), 'folder')
  const table = await ok(
    api('POST', `/api/apps/${app.id}/tables`, {
      name: `table ${marker}`,
      columns: [
        { name: 'Title', type: 'text' },
        { name: `extra ${marker}`, type: 'text' },
      ],
    }),
    'table',
  )
  const view = await ok(api('POST', `/api/apps/${app.id}/views`, { name: `view ${marker}`, dataTableId: table.id, type: 'table' }), 'view')
  await ok(api('POST', `/api/tables/${table.id}/indexes`, { field: 'Title' }), 'index')
  const csv = `Title\nimported ${marker}\n`
  const upload = await ok(api('POST', '/api/imports?fileName=rows.csv', Buffer.from(csv), { 'content-type': 'text/csv' }), 'import')
  const token = await ok(api('POST', '/api/auth/tokens', { name: `token ${marker}` }), 'token')
  const titles = new Map<string, string>()
  const recordIds: string[] = []
  for (let i = 0; i < 3; i++) {
    const title = `seed ${i} ${marker}`
    const rec = await ok(api('POST', `/api/tables/${table.id}/records`, { fields: { Title: title } }), 'record')
    titles.set(rec.id, title)
    recordIds.push(rec.id)
  }
  const world: World = {
    name,
    api,
    marker,
    userId: me.user.id,
    companyId: me.currentCompanyId,
    appId: app.id,
    folderId: folder.id,
    tableId: table.id,
    titleColumnId: table.columns[0].id,
    extraColumnId: table.columns[1].id,
    viewId: view.id,
    importId: upload.id,
    tokenId: token.id,
    recordIds,
  }
  return { world, model: { appName: `app ${marker}`, folderName: `folder ${marker}`, viewName: `view ${marker}`, extraName: `extra ${marker}`, titles } }
}

/** Every id of the company and its marker: none may appear in an answer to the other company. */
export function secretsOf(w: World): string[] {
  return [w.marker, w.userId, w.companyId, w.appId, w.folderId, w.tableId, w.titleColumnId, w.extraColumnId, w.viewId, w.importId, w.tokenId, ...w.recordIds]
}
