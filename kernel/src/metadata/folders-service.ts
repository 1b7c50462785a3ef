import { and, asc, eq, inArray } from 'drizzle-orm'
import type { z } from 'zod'
import type { Actor, KernelContext } from '../context.ts'
import type { Executor } from '../db/executor.ts'
import { dataTables, folderItems, folders, views } from '../db/schema.ts'
import { codes } from '../errors/codes.ts'
import { isUuid, parseOrThrow } from '../validation.ts'
import { FolderInput, FolderItemInput, FolderPatch, FolderReorderInput } from './inputs.ts'
import { requireApp } from './table-checks.ts'
import { present } from '../errors/present.ts'
import { diffChanges } from '../audit/diff.ts'
import { rowEntry } from '../audit/audit-entry.ts'

/** Folders nest through `parentId`; items reference tables, views, dashboards or folders. */
export class FoldersService {
  constructor(private readonly k: KernelContext) {}

  async #folder(ex: Executor, actor: Actor, id: string) {
    if (!isUuid(id)) throw codes.KRN_ERR_NOT_FOUND('Folder', id)
    const [row] = await ex.orm
      .select()
      .from(folders)
      .where(and(eq(folders.id, id), eq(folders.companyId, actor.companyId)))
    if (!row) throw codes.KRN_ERR_NOT_FOUND('Folder', id)
    return row
  }

  /**
   * A folder files its own app's tables, views and folders only: an id of another company was
   * taken as is, so a folder could point at (and the web app try to open) another company's table.
   */
  async #requireItem(ex: Executor, actor: Actor, appId: string, type: z.output<typeof FolderItemInput>['itemType'], id: string): Promise<void> {
    const found =
      type === 'table'
        ? await ex.orm
            .select({ id: dataTables.id })
            .from(dataTables)
            .where(and(eq(dataTables.id, id), eq(dataTables.companyId, actor.companyId), eq(dataTables.appId, appId)))
        : type === 'view'
          ? await ex.orm
              .select({ id: views.id })
              .from(views)
              .where(and(eq(views.id, id), eq(views.companyId, actor.companyId), eq(views.appId, appId)))
          : type === 'folder'
            ? await ex.orm
                .select({ id: folders.id })
                .from(folders)
                .where(and(eq(folders.id, id), eq(folders.companyId, actor.companyId), eq(folders.appId, appId)))
            : // Dashboards have no table yet (plan phase 4): nothing to check an id against.
              [{ id }]
    if (!found.length) throw codes.KRN_ERR_NOT_FOUND(`${type.charAt(0).toUpperCase()}${type.slice(1)} of this app`, id, { path: ['itemId'] })
  }

  async #items(ex: Executor, folderId: string) {
    return ex.orm.select().from(folderItems).where(eq(folderItems.folderId, folderId)).orderBy(asc(folderItems.order), asc(folderItems.createdAt))
  }

  async create(actor: Actor, appId: string, body: unknown) {
    const input = parseOrThrow(FolderInput, body)
    return this.k.db.transaction(async (tx) => {
      await requireApp(tx, actor, appId)
      if (input.parentId) {
        const parent = await this.#folder(tx, actor, input.parentId)
        if (parent.appId !== appId) throw codes.KRN_ERR_VALIDATION('The parent folder belongs to another app.', { path: ['parentId'] })
      }
      const [row] = await tx.orm
        .insert(folders)
        .values({ companyId: actor.companyId, appId, name: input.name, description: input.description ?? null, parentId: input.parentId ?? null, order: input.order ?? 0 })
        .returning()
      const folder = present(row, 'the folder row just written')
      await this.k.audit.write(tx, actor, rowEntry('folder.create', folder, { metadata: { appId, parentId: folder.parentId } }))
      return { ...folder, items: [] }
    })
  }

  async list(actor: Actor, appId: string) {
    await requireApp(this.k.db, actor, appId)
    const rows = await this.k.db.orm.select().from(folders).where(eq(folders.appId, appId)).orderBy(asc(folders.order), asc(folders.createdAt))
    const items = rows.length
      ? await this.k.db.orm
          .select()
          .from(folderItems)
          .where(
            inArray(
              folderItems.folderId,
              rows.map((r) => r.id),
            ),
          )
          .orderBy(asc(folderItems.order))
      : []
    return rows.map((r) => ({ ...r, items: items.filter((i) => i.folderId === r.id) }))
  }

  async get(actor: Actor, id: string) {
    const f = await this.#folder(this.k.db, actor, id)
    return { ...f, items: await this.#items(this.k.db, id) }
  }

  async update(actor: Actor, id: string, body: unknown) {
    const input = parseOrThrow(FolderPatch, body)
    return this.k.db.transaction(async (tx) => {
      const f = await this.#folder(tx, actor, id)
      if (input.parentId) {
        // Walk up from the new parent: meeting this folder would make a cycle.
        for (let p: string | null = input.parentId; p;) {
          if (p === id) throw codes.KRN_ERR_CONFLICT('A folder cannot be moved inside itself or one of its subfolders.', { path: ['parentId'] })
          const parent = await this.#folder(tx, actor, p)
          if (parent.appId !== f.appId) throw codes.KRN_ERR_VALIDATION('The parent folder belongs to another app.', { path: ['parentId'] })
          p = parent.parentId
        }
      }
      const [row] = await tx.orm
        .update(folders)
        .set({ ...input, updatedAt: new Date().toISOString() })
        .where(eq(folders.id, id))
        .returning()
      const after = present(row, 'the folder row just written')
      const changes = diffChanges(f, after, ['name', 'description', 'parentId', 'order'])
      await this.k.audit.write(tx, actor, rowEntry('folder.update', { id, name: after.name }, { metadata: { changes } }))
      return { ...after, items: await this.#items(tx, id) }
    })
  }

  async delete(actor: Actor, id: string): Promise<void> {
    const f = await this.#folder(this.k.db, actor, id)
    await this.k.db.transaction(async (tx) => {
      const gone = await tx.orm.delete(folders).where(eq(folders.id, id)).returning({ id: folders.id })
      if (!gone.length) throw codes.KRN_ERR_NOT_FOUND('Folder', id)
      await this.k.audit.write(tx, actor, rowEntry('folder.delete', { id, name: f.name }, { metadata: { appId: f.appId } }))
    })
  }

  async addItem(actor: Actor, id: string, body: unknown) {
    const input = parseOrThrow(FolderItemInput, body)
    return this.k.db.transaction(async (tx) => {
      const f = await this.#folder(tx, actor, id)
      await this.#requireItem(tx, actor, f.appId, input.itemType, input.itemId)
      // An item lives in one folder at a time: adding it here moves it.
      const moved = await tx.orm
        .select({ id: folderItems.id })
        .from(folderItems)
        .innerJoin(folders, eq(folders.id, folderItems.folderId))
        .where(and(eq(folderItems.itemType, input.itemType), eq(folderItems.itemId, input.itemId), eq(folders.companyId, actor.companyId)))
      if (moved.length)
        await tx.orm.delete(folderItems).where(
          inArray(
            folderItems.id,
            moved.map((m) => m.id),
          ),
        )
      const [row] = await tx.orm
        .insert(folderItems)
        .values({ folderId: id, itemType: input.itemType, itemId: input.itemId, order: input.order ?? 0 })
        .returning()
      const item = present(row, 'the folder row just written')
      const metadata = { itemType: item.itemType, itemId: item.itemId, moved: moved.length > 0 }
      await this.k.audit.write(tx, actor, rowEntry('folder.items.add', { id, name: f.name }, { metadata }))
      return item
    })
  }

  async reorder(actor: Actor, id: string, body: unknown) {
    const input = parseOrThrow(FolderReorderInput, body)
    return this.k.db.transaction(async (tx) => {
      await this.#folder(tx, actor, id)
      const items = await this.#items(tx, id)
      const known = new Set(items.map((i) => i.id))
      input.items.forEach((it, i) => {
        if (!known.has(it.id)) throw codes.KRN_ERR_VALIDATION(`Item '${it.id}' is not in this folder.`, { path: ['items', i, 'id'] })
      })
      for (const it of input.items) await tx.orm.update(folderItems).set({ order: it.order }).where(eq(folderItems.id, it.id))
      const folder = await this.#folder(tx, actor, id)
      await this.k.audit.write(tx, actor, rowEntry('folder.items.reorder', { id, name: folder.name }, { metadata: { items: input.items } }))
      return { ...(await this.#folder(tx, actor, id)), items: await this.#items(tx, id) }
    })
  }

  async removeItem(actor: Actor, id: string, itemId: string): Promise<void> {
    const f = await this.#folder(this.k.db, actor, id)
    if (!isUuid(itemId)) throw codes.KRN_ERR_NOT_FOUND('Folder item', itemId)
    await this.k.db.transaction(async (tx) => {
      const [row] = await tx.orm
        .delete(folderItems)
        .where(and(eq(folderItems.folderId, id), eq(folderItems.id, itemId)))
        .returning()
      if (!row) throw codes.KRN_ERR_NOT_FOUND('Folder item', itemId)
      const metadata = { itemType: row.itemType, itemId: row.itemId }
      await this.k.audit.write(tx, actor, rowEntry('folder.items.remove', { id, name: f.name }, { metadata }))
    })
  }
}
