import { DocPalError, StepError, fillTemplate, type AnyAction } from '@docpal/plugin-sdk'
import { codes } from '../errors/codes.ts'
import { KERNEL_ZH_CN } from '../phrasebooks/codes-zh-CN.ts'
import type { Locale } from '../phrasebooks/messages.ts'
import { sayError } from '../phrasebooks/say-error.ts'
import { inOtherLocales } from '../phrasebooks/other-locales.ts'

/**
 * A failure as a run stores it: the English message, the catalogued code where there is one, and
 * the message in each other language it has words in (`messages`, by locale), so the run history
 * reads in its reader's language long after the failure (the request that reads it cannot reword
 * what is no longer there: an action's error object lives only while the step runs).
 */
export interface StepFailure {
  readonly message: string
  readonly code?: string
  readonly messages?: Readonly<Partial<Record<Locale, string>>>
}

export function stepFailure(err: unknown, action?: AnyAction): StepFailure {
  if (err instanceof DocPalError) {
    const messages = inOtherLocales((locale) => sayError(err, locale, KERNEL_ZH_CN).message, err.message)
    return { message: err.message, code: err.code, ...(messages ? { messages } : {}) }
  }
  if (err instanceof StepError) {
    const messages = inOtherLocales((locale) => {
      const template = action?.translations?.[locale]?.errors?.[err.words.key]
      return template === undefined ? undefined : fillTemplate(template, err.words.params)
    }, err.message)
    return { message: err.message, ...(messages ? { messages } : {}) }
  }
  return { message: err instanceof Error ? err.message : String(err) }
}

/**
 * A step that ended on its `failed` branch (a sub-run failed) with nothing under it: the failure
 * goes up, as an uncaught error would, with the child run's error in each language it has.
 */
export function failedBranch(stepId: string, type: string, childError: unknown): StepFailure {
  const child = childError !== null && typeof childError === 'object' ? (childError as { message?: unknown; messages?: Record<string, unknown> }) : {}
  const english = typeof child.message === 'string' ? child.message : ''
  const err = codes.KRN_ERR_WORKFLOW_FAILED_BRANCH(stepId, type, english)
  const messages = inOtherLocales((locale) => {
    const why = child.messages?.[locale]
    return sayError(codes.KRN_ERR_WORKFLOW_FAILED_BRANCH(stepId, type, typeof why === 'string' ? why : english), locale, KERNEL_ZH_CN).message
  }, err.message)
  return { message: err.message, code: err.code, ...(messages ? { messages } : {}) }
}
