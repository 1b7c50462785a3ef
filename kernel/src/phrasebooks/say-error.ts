import { fillTemplate, type DocPalError, type ErrorFactory, type ErrorPath } from '@docpal/plugin-sdk'
import { EN } from './en.ts'
import { issuesOf, refusalsOf, type KeptIssue } from './kept.ts'
import { say, type Locale } from './messages.ts'
import type { Phrasebook } from './phrasebook.ts'
import { phrase } from './phrase.ts'
import { ZH_CN } from './zh-CN.ts'

const BOOKS: Record<Locale, Phrasebook> = { en: EN, 'zh-CN': ZH_CN }

/** The arguments a catalogued error factory takes (`createError<[string, number]>` -> `[string, number]`). */
export type ArgsOf<F> = F extends ErrorFactory<infer A> ? A : never

/** Messages of catalogued error codes in one language, by code, made from the factory's arguments. */
export type CodeBook = Readonly<Record<string, ((...args: ReadonlyArray<unknown>) => string) | undefined>>

/**
 * A code book for the codes of `catalogue` (the kernel's `codes`, the host's `hostCodes`): each
 * entry takes exactly its factory's arguments. Codes left out keep their English message.
 */
export function codeBook<C extends Record<string, { readonly code: string }>>(_catalogue: C, book: { readonly [K in keyof C]?: (...args: ArgsOf<C[K]>) => string }): CodeBook {
  // Checked per entry above; called below with the arguments the same factory stored.
  return book as CodeBook
}

/** A kept issue in `locale`: the kernel's phrasebook, or the field type's template for its key. */
function said(issue: KeptIssue | undefined, locale: Locale): string | undefined {
  if (!issue) return undefined
  if ('zod' in issue) return phrase(issue.zod, BOOKS[locale])
  const template = issue.messages[locale]?.[issue.words.key]
  return template === undefined ? undefined : fillTemplate(template, issue.words.params)
}

type Listed = { readonly path: ErrorPath; readonly message: string }
const isListed = (v: unknown): v is Listed[] => Array.isArray(v)
/**
 * A refusal's message with where it is (`fields.Name: At most 255 characters.`), as a failed
 * parse's first issue is answered: `path: ` in every language, since clients take it off to show
 * the rest at the field (the web app does).
 */
export const atPath = (path: ErrorPath, message: string): string => (path.length ? `${path.join('.')}: ${message}` : message)

/**
 * `err`'s message (and the messages its `details` list) in `locale`: zod's issues from the
 * phrasebooks, the kernel's worded refusals from its messages, catalogued codes from `book`.
 * What has no wording in that language (a plugin's own message, a code the book leaves out) stays
 * in English; `code`, `path` and the rest of `details` never change.
 */
export function sayError(err: DocPalError, locale: Locale, book: CodeBook): { message: string; details: Record<string, unknown> | undefined } {
  if (locale === 'en') return { message: err.message, details: err.details }
  let message = err.message
  let details = err.details
  const issues = issuesOf(err)
  const listed = details?.['issues']
  if (issues && isListed(listed)) {
    const worded = listed.map((item, i) => {
      const text = said(issues[i], locale)
      return text === undefined ? item : { ...item, message: text }
    })
    details = { ...details, issues: worded }
    const first = worded[0]
    if (first && issues[0]) message = atPath(first.path, first.message)
  } else if (err.words) {
    message = say(locale, err.words) ?? message
  } else {
    const fn = book[err.code]
    // Only from the arguments its factory was given: an error remade around another (a hook's
    // veto, tagged with the plugin) has none of them, and keeps the text it was given.
    if (fn && fn.length === err.args.length) message = fn(...err.args)
  }
  const refusals = refusalsOf(err)
  const fields = details?.['fields']
  if (refusals && isListed(fields)) {
    details = { ...details, fields: fields.map((f, i) => (refusals[i] ? { ...f, message: sayError(refusals[i], locale, book).message } : f)) }
  }
  return { message, details }
}
