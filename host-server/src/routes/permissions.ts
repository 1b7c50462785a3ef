import type { FastifyInstance } from 'fastify'
import { z } from 'zod'
import { companyInputs, permissionInputs, type Kernel } from '@docpal/kernel'
import { signedIn } from '../auth/signed-in.ts'
import { requestOrigin, route } from './define.ts'
import { ActionsOut, GrantsOut, RoleOut, TableAccessOut, TableRulesOut } from './permission-schemas.ts'

/**
 * Permissions (API.md "Permissions", docs/permissions.md): rules per table, app and view, what
 * the caller may do, and the roles a company defines. Who may change rules is the kernel's to
 * decide (owners, admins, and members granted `manage`), so these routes are open to members.
 */
export function permissionRoutes(app: FastifyInstance, k: Kernel): void {
  const tag = 'permissions'
  const p = k.permissionsService

  route(app, k, {
    method: 'GET',
    url: '/api/tables/:id/permissions',
    tag,
    summary: "A table's permission rules (manage)",
    response: TableRulesOut,
    handler: (c) => p.getTable(c.actor, c.params.id),
  })
  route(app, k, {
    method: 'PUT',
    url: '/api/tables/:id/permissions',
    tag,
    summary: "Replace a table's permission rules: grants, row rules and field rules (manage)",
    body: permissionInputs.TableRulesInput,
    response: TableRulesOut,
    handler: (c) => p.putTable(c.actor, c.params.id, c.body),
  })
  route(app, k, {
    method: 'GET',
    url: '/api/tables/:id/access',
    tag,
    summary: 'What you may do with this table',
    response: TableAccessOut,
    handler: (c) => p.tableAccess(c.actor, c.params.id),
  })
  route(app, k, {
    method: 'GET',
    url: '/api/tables/:id/records/:recordId/access',
    tag,
    summary: 'What you may do with this record (404 when you cannot read it)',
    response: ActionsOut,
    handler: (c) => p.recordAccess(c.actor, c.params.id, c.params.recordId),
  })

  route(app, k, { method: 'GET', url: '/api/apps/:id/permissions', tag, summary: "An app's grants (manage)", response: GrantsOut, handler: (c) => p.getApp(c.actor, c.params.id) })
  route(app, k, {
    method: 'PUT',
    url: '/api/apps/:id/permissions',
    tag,
    summary: "Replace an app's grants: they apply to each of its tables that has no rules of its own (manage)",
    body: permissionInputs.AppRulesInput,
    response: GrantsOut,
    handler: (c) => p.putApp(c.actor, c.params.id, c.body),
  })
  route(app, k, {
    method: 'GET',
    url: '/api/apps/:id/access',
    tag,
    summary: 'What you may do with this app',
    response: ActionsOut,
    handler: (c) => p.appAccess(c.actor, c.params.id),
  })

  route(app, k, {
    method: 'GET',
    url: '/api/views/:id/permissions',
    tag,
    summary: "A view's grants (manage)",
    response: GrantsOut,
    handler: (c) => p.getView(c.actor, c.params.id),
  })
  route(app, k, {
    method: 'PUT',
    url: '/api/views/:id/permissions',
    tag,
    summary: "Replace a view's grants (view, manage): with any, only the grantees (and owners and admins) see it",
    body: permissionInputs.ViewRulesInput,
    response: GrantsOut,
    handler: (c) => p.putView(c.actor, c.params.id, c.body),
  })
  route(app, k, {
    method: 'GET',
    url: '/api/views/:id/access',
    tag,
    summary: 'What you may do with this view',
    response: ActionsOut,
    handler: (c) => p.viewAccess(c.actor, c.params.id),
  })

  // Roles: the company is in the URL (as for members).
  route(app, k, {
    method: 'GET',
    url: '/api/companies/:id/roles',
    tag,
    access: 'user',
    summary: "The company's roles: owner, admin, member and those it defined",
    response: z.array(RoleOut),
    handler: (c) => k.roles.list(signedIn(c).userId, c.params.id),
  })
  route(app, k, {
    method: 'POST',
    url: '/api/companies/:id/roles',
    tag,
    access: 'user',
    status: 201,
    body: companyInputs.RoleInput,
    summary: 'Define a role (owner and admins); give it to members with PATCH /api/companies/:id/members/:userId',
    response: RoleOut,
    handler: (c) => k.roles.create(signedIn(c).userId, c.params.id, c.body, requestOrigin(c.req)),
  })
  route(app, k, {
    method: 'PATCH',
    url: '/api/companies/:id/roles/:name',
    tag,
    access: 'user',
    body: companyInputs.RolePatch,
    summary: "Rename a role's label (owner and admins)",
    response: RoleOut,
    handler: (c) => k.roles.update(signedIn(c).userId, c.params.id, c.params.name, c.body, requestOrigin(c.req)),
  })
  route(app, k, {
    method: 'DELETE',
    url: '/api/companies/:id/roles/:name',
    tag,
    access: 'user',
    status: 204,
    summary: 'Delete a role no member holds, with its permission rules (owner and admins)',
    handler: async (c) => {
      await k.roles.delete(signedIn(c).userId, c.params.id, c.params.name, requestOrigin(c.req))
      return undefined
    },
  })
}
