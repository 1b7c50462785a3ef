import { z } from 'zod'
import { DOMAIN_EVENT_NAMES, type TriggerEvent } from '@docpal/plugin-sdk'
import type { Actor, KernelContext } from '../context.ts'
import { codes } from '../errors/codes.ts'
import { parseOrThrow } from '../validation.ts'
import type { RecordsService } from '../records/records-service.ts'
import { DEFAULT_TIMEOUT_MS, withTimeout } from '../workflows/attempts.ts'
import { runRecords } from '../workflows/run-records.ts'

const TriggerTest = z.object({ config: z.unknown(), event: z.object({ name: z.enum(DOMAIN_EVENT_NAMES), payload: z.record(z.string(), z.unknown()) }) }).strict()
const ActionTest = z.object({ config: z.unknown(), input: z.record(z.string(), z.unknown()).default({}) }).strict()

/**
 * Whether a trigger configuration fires for an event: what a workflow engine asks for every
 * domain event, and what an admin asks when setting a trigger up.
 */
export function testTrigger(k: KernelContext, type: string, body: unknown): { matches: boolean; listensTo: readonly string[] } {
  const trigger = k.plugins.registries.triggers.get(type)
  if (!trigger) throw codes.KRN_ERR_NOT_FOUND('Workflow trigger', type)
  const input = parseOrThrow(TriggerTest, body)
  const config = parseOrThrow(trigger.config, input.config, ['config'])
  const listens = trigger.events.includes(input.event.name)
  let matches: boolean
  try {
    matches = listens && trigger.matches(config, input.event as TriggerEvent)
  } catch (err) {
    throw codes.KRN_ERR_WORKFLOW_STEP_FAILED('trigger', type, k.plugins.registries.triggers.owner(type) ?? '?', err instanceof Error ? err.message : String(err))
  }
  return { matches, listensTo: trigger.events }
}

/** Runs one action with a validated config, as a workflow step would (acting as the caller), and answers its output and branch. */
export async function runAction(
  k: KernelContext,
  records: RecordsService,
  actor: Actor,
  type: string,
  body: unknown,
): Promise<{ output: Record<string, unknown>; branch: string | null }> {
  const action = k.plugins.registries.actions.get(type)
  if (!action) throw codes.KRN_ERR_NOT_FOUND('Workflow action', type)
  const input = parseOrThrow(ActionTest, body)
  const config = parseOrThrow(action.config, input.config, ['config'])
  const plugin = k.plugins.registries.actions.owner(type) ?? '?'
  try {
    const outcome = await withTimeout(action.timeoutMs ?? DEFAULT_TIMEOUT_MS, new AbortController().signal, (signal) =>
      action.run(config, {
        input: input.input,
        companyId: actor.companyId,
        userId: actor.userId,
        logger: k.logger.child({ plugin, action: type }),
        records: runRecords(k, records, actor, undefined),
        signal,
        // A tried action has no run: it neither starts workflows nor resumes waiting ones.
        workflows: {
          start: () => Promise.reject(codes.KRN_ERR_VALIDATION('Starting a workflow needs a run: try this action in a test run of a workflow instead.')),
          emit: () => Promise.reject(codes.KRN_ERR_VALIDATION('Sending an event needs a run: try this action in a test run of a workflow instead.')),
        },
      }),
    )
    return { output: { ...(outcome?.output ?? {}) }, branch: outcome?.branch ?? null }
  } catch (err) {
    throw codes.KRN_ERR_WORKFLOW_STEP_FAILED('action', type, plugin, err instanceof Error ? err.message : String(err))
  }
}
