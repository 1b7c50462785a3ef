import { z } from 'zod'
import type { FastifyInstance } from 'fastify'
import { codes, inputs, type Kernel } from '@docpal/kernel'
import { route } from './define.ts'
import { AppOut } from './responses.ts'

export function appRoutes(app: FastifyInstance, k: Kernel): void {
  const tag = 'apps'
  route(app, k, {
    method: 'POST',
    access: 'admin',
    url: '/api/apps',
    tag,
    summary: 'Create an app',
    body: inputs.AppInput,
    status: 201,
    response: AppOut,
    handler: (c) => k.apps.create(c.actor, c.body),
  })
  route(app, k, { method: 'GET', url: '/api/apps', tag, summary: 'List apps', response: z.array(AppOut), handler: (c) => k.apps.list(c.actor) })
  route(app, k, {
    method: 'GET',
    url: '/api/apps/:id',
    tag,
    summary: 'Get an app',
    response: AppOut,
    // A 404 for an app of another company the signed-in person belongs to (a colleague's link)
    // names that company in `details.otherCompany` ({id, name}), so the web app offers to switch.
    // Session requests only: a token scoped to some companies learns nothing of the others.
    handler: async (c) => {
      try {
        return await k.apps.get(c.actor, c.params.id)
      } catch (err) {
        if (c.auth?.via !== 'session' || !codes.KRN_ERR_NOT_FOUND.is(err)) throw err
        const other = await k.apps.memberCompanyOf(c.auth.userId, c.params.id)
        if (!other || other.id === c.actor.companyId) throw err
        throw codes.KRN_ERR_NOT_FOUND('App', c.params.id, { details: { otherCompany: other } })
      }
    },
  })
  route(app, k, {
    method: 'PUT',
    access: 'admin',
    url: '/api/apps/:id',
    tag,
    summary: 'Update an app (name, icon, description, menu)',
    body: inputs.AppPatch,
    response: AppOut,
    handler: (c) => k.apps.update(c.actor, c.params.id, c.body),
  })
  route(app, k, {
    method: 'DELETE',
    access: 'admin',
    url: '/api/apps/:id',
    tag,
    summary: 'Delete an app with its tables, views and folders',
    status: 204,
    handler: (c) => k.apps.delete(c.actor, c.params.id),
  })
}
