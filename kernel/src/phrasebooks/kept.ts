import type { DocPalError, FieldMessages, MessageWords } from '@docpal/plugin-sdk'
import type { z } from 'zod'
import { EN } from './en.ts'
import { phrase } from './phrase.ts'

/** An issue the kernel words (zod's, with its input), or one a field type words (`wordedIssue`) with its messages. */
export type KeptIssue = { readonly zod: z.core.$ZodRawIssue } | { readonly words: MessageWords; readonly messages: FieldMessages }

/**
 * What a refusal was made of, kept beside the error until it is answered, so the host can say it
 * again in the reader's language (say-error.ts): each zod issue with the input it was about (or
 * nothing where a schema worded the issue itself), and the refusals an answer lists in
 * `details.fields`. Only failures are kept; a request that succeeds pays nothing.
 */
const keptIssues = new WeakMap<DocPalError, ReadonlyArray<KeptIssue | undefined>>()
const keptRefusals = new WeakMap<DocPalError, ReadonlyArray<DocPalError>>()

/** The issues zod answers at most, as `details.issues` lists them. */
const MAX_ISSUES = 20

function inputAt(value: unknown, path: ReadonlyArray<PropertyKey>): unknown {
  let at = value
  for (const key of path) {
    if (at === null || typeof at !== 'object') return undefined
    at = (at as Record<PropertyKey, unknown>)[key]
  }
  return at
}

/** The words a field type gave a refusal (`wordedIssue`: a custom issue's `params.words`), if it is one. */
function wordsOf(issue: z.core.$ZodIssue): MessageWords | undefined {
  if (issue.code !== 'custom') return undefined
  const params: Readonly<Record<string, unknown>> = issue.params ?? {}
  const words = params['words']
  if (words === null || typeof words !== 'object' || !('key' in words) || !('params' in words)) return undefined
  return typeof words.key === 'string' && words.params !== null && typeof words.params === 'object' ? (words as MessageWords) : undefined
}

/**
 * Keeps the issues of a failed parse of `input` with `err` (in the order of its `details.issues`);
 * `messages`: the field type's whose input schema refused it, for the issues it words itself.
 */
export function keepIssues<E extends DocPalError>(err: E, issues: ReadonlyArray<z.core.$ZodIssue>, input: unknown, messages?: FieldMessages): E {
  keptIssues.set(
    err,
    issues.slice(0, MAX_ISSUES).map((issue): KeptIssue | undefined => {
      const words = messages ? wordsOf(issue) : undefined
      if (words && messages) return { words, messages }
      const raw = { ...issue, input: inputAt(input, issue.path) } as z.core.$ZodRawIssue
      // Only the kernel's own wording can be said again; a schema's own message stays as written.
      return phrase(raw, EN) === issue.message ? { zod: raw } : undefined
    }),
  )
  return err
}

/** Keeps with `err` (the first refusal, with every refusal in `details.fields`) the refusals it lists. */
export function keepRefusals<E extends DocPalError>(err: E, first: DocPalError, refused: ReadonlyArray<DocPalError>): E {
  const issues = keptIssues.get(first)
  if (issues) keptIssues.set(err, issues)
  keptRefusals.set(err, refused)
  return err
}

export const issuesOf = (err: DocPalError): ReadonlyArray<KeptIssue | undefined> | undefined => keptIssues.get(err)
export const refusalsOf = (err: DocPalError): ReadonlyArray<DocPalError> | undefined => keptRefusals.get(err)
