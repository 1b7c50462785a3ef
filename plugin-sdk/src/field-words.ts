import type { MessageWords } from './errors.ts'

/**
 * A field type's own refusals in other languages: locale (`zh-CN`) -> key -> template, its
 * `{param}` places filled from the refusal's params. English is the message the schema states.
 */
export type FieldMessages = Readonly<Record<string, Readonly<Record<string, string>>>>

/**
 * Options of a zod `refine` (or the fields of an `addIssue`) for a refusal a field type words
 * itself: the English text, and its key and params, which the kernel answers in the request's
 * language from the field type's `messages` (docs/errors.md).
 */
export function wordedIssue(key: string, english: string, params: MessageWords['params'] = {}): { error: string; params: { words: MessageWords } } {
  return { error: english, params: { words: { key, params } } }
}

/** `template` with each `{name}` replaced by `params[name]` (a name not given stays as written). */
export function fillTemplate(template: string, params: MessageWords['params']): string {
  return template.replace(/\{(\w+)\}/g, (all, name: string) => (Object.hasOwn(params, name) ? String(params[name]) : all))
}
