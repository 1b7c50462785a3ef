import type { MessageWords } from './errors.ts'
import { fillTemplate } from './field-words.ts'

/**
 * A workflow step's failure in words its run's readers can have in their language: `key` names
 * the template in the action's `translations[locale].errors`, `english` is the same template in
 * English; `{name}` in either is filled from `params`. The engine stores the message in every
 * language the action words it in, and the run history shows the reader's (docs/workflows.md).
 * A plain `Error` thrown by an action stays English.
 */
export class StepError extends Error {
  readonly words: MessageWords

  constructor(key: string, english: string, params: MessageWords['params'] = {}, options?: { cause?: unknown }) {
    super(fillTemplate(english, params), options)
    this.name = 'StepError'
    this.words = { key, params }
  }
}
