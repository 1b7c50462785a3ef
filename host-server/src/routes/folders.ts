import type { FastifyInstance } from 'fastify'
import { inputs, type Kernel } from '@docpal/kernel'
import { route } from './define.ts'

export function folderRoutes(app: FastifyInstance, k: Kernel): void {
  const tag = 'folders'
  const f = k.folders
  route(app, k, {
    method: 'POST',
    access: 'admin',
    url: '/api/apps/:appId/folders',
    tag,
    summary: 'Create a folder (nested via parentId)',
    body: inputs.FolderInput,
    status: 201,
    handler: (c) => f.create(c.actor, c.params.appId, c.body),
  })
  route(app, k, { method: 'GET', url: '/api/apps/:appId/folders', tag, summary: 'List folders of an app with their items', handler: (c) => f.list(c.actor, c.params.appId) })
  route(app, k, { method: 'GET', url: '/api/folders/:id', tag, summary: 'Get a folder with its items', handler: (c) => f.get(c.actor, c.params.id) })
  route(app, k, {
    method: 'PUT',
    access: 'admin',
    url: '/api/folders/:id',
    tag,
    summary: 'Update a folder (name, description, parent, order)',
    body: inputs.FolderPatch,
    handler: (c) => f.update(c.actor, c.params.id, c.body),
  })
  route(app, k, {
    method: 'DELETE',
    access: 'admin',
    url: '/api/folders/:id',
    tag,
    summary: 'Delete a folder and its subfolders',
    status: 204,
    handler: (c) => f.delete(c.actor, c.params.id),
  })
  route(app, k, {
    method: 'PUT',
    access: 'admin',
    url: '/api/folders/:id/items',
    tag,
    summary: 'Reorder items in a folder',
    body: inputs.FolderReorderInput,
    handler: (c) => f.reorder(c.actor, c.params.id, c.body),
  })
  route(app, k, {
    method: 'POST',
    access: 'admin',
    url: '/api/folders/:id/items',
    tag,
    summary: 'Add (or move) an item into a folder',
    body: inputs.FolderItemInput,
    status: 201,
    handler: (c) => f.addItem(c.actor, c.params.id, c.body),
  })
  route(app, k, {
    method: 'DELETE',
    access: 'admin',
    url: '/api/folders/:folderId/items/:itemId',
    tag,
    summary: 'Remove an item from a folder',
    status: 204,
    handler: (c) => f.removeItem(c.actor, c.params.folderId, c.params.itemId),
  })
}
