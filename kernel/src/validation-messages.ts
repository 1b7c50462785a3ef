import { z } from 'zod'
import { EN } from './phrasebooks/en.ts'
import { phrase } from './phrasebooks/phrase.ts'

/**
 * zod's messages for the issues every schema can raise, in sentences a person acts on ("At most
 * 255 characters.", "Required.", "Unknown field: colour.") instead of its developer wording ("Too
 * big: expected string to have <=255 characters"). The API prefixes the path ("fields.Name: ...").
 * A message a schema states itself wins (zod asks this map only for issues without one); an issue
 * not covered here keeps zod's own.
 */
export function plainMessage(issue: z.core.$ZodRawIssue): string | undefined {
  return phrase(issue, EN)
}

/** Installs the messages for every zod schema of the process (kernel, host and plugins share one zod). */
export function installValidationMessages(): void {
  z.config({ customError: plainMessage })
}
