import { DocPalError } from '@docpal/plugin-sdk'
import { keepRefusals } from '../phrasebooks/kept.ts'

/** At most this many refused columns are named in one answer (a record has at most a few hundred). */
const MAX_NAMED = 50

/** Throws `err`, or adds it to `refused` when the caller collects every refusal. */
export function refuse(refused: DocPalError[] | undefined, err: DocPalError): void {
  if (!refused) throw err
  refused.push(err)
}

/** The error `fail` throws (it always throws a DocPalError: a parse that failed). */
export function refusalOf(fail: () => unknown): DocPalError {
  try {
    fail()
  } catch (err) {
    if (err instanceof DocPalError) return err
    throw err
  }
  throw new Error('refusalOf: the parse that failed once passed the second time')
}

/**
 * `err` (the first refusal of a record's values) with every refusal of the same values named in
 * `details.fields` ({path, code, message} each), found by `collect` going through them all again.
 * Runs only once a write has failed, so the hot path stays one pass that stops at the first.
 * The first refusal keeps the answer's code, status, message and path: a client that reads only
 * those reads what it did before.
 */
export function withEveryRefusal(err: unknown, collect: (refused: DocPalError[]) => unknown): unknown {
  if (!(err instanceof DocPalError) || err.path === undefined) return err
  const refused: DocPalError[] = []
  try {
    collect(refused)
  } catch {
    // A failure that stops even the collecting pass (the values are not an object): the first error says it.
    return err
  }
  if (!refused.length) return err
  const named = refused.slice(0, MAX_NAMED)
  const fields = named.map((r) => ({ path: r.path ?? err.path, code: r.code, message: r.message }))
  const all = new DocPalError(err.code, err.message, err.status, { path: err.path, details: { ...err.details, fields }, cause: err, words: err.words, args: err.args })
  return keepRefusals(all, err, named)
}
