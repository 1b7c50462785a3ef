import { sql, type WebhookCall } from '@docpal/plugin-sdk'
import type { KernelContext } from '../context.ts'
import { codes } from '../errors/codes.ts'
import type { WorkflowDefinition } from './definition.ts'
import { queueRun } from './dispatcher.ts'

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i

interface HookedWorkflow {
  readonly id: string
  readonly name: string
  readonly company_id: string
  readonly version: number
  readonly run_as: string
  readonly enabled: boolean
  readonly definition: WorkflowDefinition
}

/**
 * Calls of a workflow's public hook URL: the workflow's trigger plugin (one with `webhook`) checks
 * the secret, signature and body; an accepted call queues a run (the engine is woken). Whoever
 * lacks the secret learns nothing: an unknown workflow, one without a webhook trigger and a wrong
 * secret all answer the same 404.
 */
export class WebhookRuns {
  constructor(
    private readonly k: KernelContext,
    private readonly poke: () => void,
  ) {}

  async receive(workflowId: string, call: WebhookCall): Promise<{ readonly runId: string }> {
    const missing = () => codes.KRN_ERR_NOT_FOUND('Workflow hook', workflowId.slice(0, 100))
    if (!UUID.test(workflowId)) throw missing()
    const [w] = await this.k.db.query<HookedWorkflow>(
      sql`select w.id, w.name, w.company_id, w.version, w.run_as, w.enabled, v.definition from workflows w join workflow_versions v on v.workflow_id = w.id and v.version = w.version where w.id = ${workflowId}`,
    )
    const trigger = w ? this.k.plugins.registries.triggers.get(w.definition.trigger.type) : undefined
    if (!w || !trigger?.webhook) throw missing()
    // Checked when the version was saved; a plugin update may have changed the schema since.
    const config = trigger.config.safeParse(w.definition.trigger.config ?? {})
    if (!config.success) throw codes.KRN_ERR_CONFLICT(`The webhook trigger's config of workflow '${w.name}' no longer fits its plugin: open the workflow and save it again.`)
    const verdict = trigger.webhook(config.data, call)
    if (!verdict.accept) {
      if (verdict.reason === 'secret') throw missing()
      if (verdict.reason === 'signature') throw codes.KRN_ERR_WORKFLOW_HOOK_SIGNATURE(verdict.message)
      throw codes.KRN_ERR_VALIDATION(verdict.message, { path: ['body', ...(verdict.path ?? [])] })
    }
    if (!w.enabled) throw codes.KRN_ERR_CONFLICT(`Workflow '${w.name}' is disabled: enable it to accept calls of its hook.`)
    const runId = await this.k.db.transaction((tx) => queueRun(this.k, tx, w, { ...verdict.trigger, type: 'webhook' }, null))
    this.poke()
    return { runId }
  }
}
