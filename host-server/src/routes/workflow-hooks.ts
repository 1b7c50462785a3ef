import { z } from 'zod'
import type { FastifyInstance, FastifyRequest } from 'fastify'
import type { Kernel } from '@docpal/kernel'
import { rawBodyOf } from '../http/json-body.ts'
import { route } from './define.ts'

/** A hook call's body is an event, not a bulk load: 256 KiB (larger answers 413, nothing runs). */
export const MAX_HOOK_BODY = 256 * 1024
/** Calls per minute per IP address: a sender retrying in a loop does not fill the run table. */
const PER_MINUTE = 600

function headersOf(req: FastifyRequest): Record<string, string> {
  const out: Record<string, string> = {}
  for (const [name, value] of Object.entries(req.headers)) {
    if (typeof value === 'string') out[name.toLowerCase()] = value
    else if (Array.isArray(value)) out[name.toLowerCase()] = value.join(', ')
  }
  return out
}

/**
 * Workflows' incoming webhooks (issue 18): a public URL per workflow whose trigger takes calls
 * (plugin trigger-webhook). The trigger plugin checks the secret, signature and body; an accepted
 * call queues a run and answers 202 at once.
 */
export function workflowHookRoutes(app: FastifyInstance, k: Kernel): void {
  route(app, k, {
    method: 'POST',
    url: '/api/hooks/workflows/:workflowId/:secret',
    tag: 'workflows',
    summary: "Call a workflow's incoming webhook (public; the URL's secret is the credential): queues a run with trigger {type: 'webhook', body, headers}",
    access: 'public',
    perMinute: PER_MINUTE,
    bodyLimit: MAX_HOOK_BODY,
    rawBody: true,
    status: 202,
    response: z.object({ runId: z.string() }),
    handler: (c) =>
      k.workflows.webhooks.receive(c.params.workflowId, {
        secret: c.params.secret,
        headers: headersOf(c.req),
        rawBody: rawBodyOf(c.req) ?? new Uint8Array(),
        body: c.req.body ?? undefined,
      }),
  })
}
