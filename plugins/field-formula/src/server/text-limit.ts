import { bind, sql, z } from '@docpal/plugin-sdk'
import type { SQL } from '@docpal/plugin-sdk'

/**
 * The longest text a formula field yields. Without a bound, `CONCAT` of fifty `REPT('x', 1000000)`
 * (907 characters of formula) made every read of the table return 50 MB per row and hold the
 * database for minutes. A longer result reads as blank, as REPT beyond its own bound does.
 */
export const DEFAULT_MAX_TEXT_LENGTH = 100_000

export const formulaSettings = z.object({
  maxTextLength: z
    .number()
    .int()
    .min(1_000)
    .max(10_000_000)
    .default(DEFAULT_MAX_TEXT_LENGTH)
    .describe('Longest text a formula field yields, in characters; a longer result reads as blank.'),
})

// Module state, as the function registry is: a setting the admin saves applies to the next query
// (expressions are compiled per query, not cached with the table).
let maxTextLength = DEFAULT_MAX_TEXT_LENGTH

export function setMaxTextLength(n: number): void {
  maxTextLength = n
}

/** `text` when at most `maxTextLength` characters long, else NULL (the expression runs once). */
export function capText(text: SQL): SQL {
  return bind([text], ([v]) => sql`case when length(${v}) <= ${maxTextLength}::int then ${v} end`)
}
