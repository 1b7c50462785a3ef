import type { DocPalError, ErrorPath, MessageWords } from '@docpal/plugin-sdk'
import { codes } from '../errors/codes.ts'

/** The languages the API answers refusals in (the web app's two). */
export type Locale = 'en' | 'zh-CN'
type Params = MessageWords['params']

/** The kernel's own free-text refusals, by key, in English: what `words` on an error points at. */
const EN = {
  'record.notObject': () => '`fields` must be an object of column values.',
  'record.unknownColumn': (p: Params) => `Unknown column '${p['name']}'${p['byId'] ? ' (fieldKey=id expects column ids)' : ''}.`,
  'record.computed': (p: Params) => `Column '${p['name']}' is computed and cannot be written.`,
  'record.required': (p: Params) => `Column '${p['name']}' is required.`,
  'record.requiredPatch': (p: Params) => `Column '${p['name']}' is required and cannot be emptied.`,
} as const satisfies Record<string, (p: Params) => string>

export type MessageKey = keyof typeof EN

const ZH_CN: Record<MessageKey, (p: Params) => string> = {
  'record.notObject': () => '`fields` 必须是由列值组成的对象。',
  'record.unknownColumn': (p) => `未知的列“${p['name']}”${p['byId'] ? '（fieldKey=id 时须使用列 ID）' : ''}。`,
  'record.computed': (p) => `列“${p['name']}”是计算列，不能写入。`,
  'record.required': (p) => `列“${p['name']}”为必填。`,
  'record.requiredPatch': (p) => `列“${p['name']}”为必填，不能清空。`,
}

const BOOKS: Record<Locale, Record<MessageKey, (p: Params) => string>> = { en: EN, 'zh-CN': ZH_CN }

/** A message of the kernel in `locale`, or undefined when `key` is not one of its keys (a plugin's). */
export function say(locale: Locale, words: MessageWords): string | undefined {
  const book: Readonly<Record<string, ((p: Params) => string) | undefined>> = BOOKS[locale]
  return book[words.key]?.(words.params)
}

/** The English text and the words of a kernel refusal, for `codes.X(message, { words })`. */
export function worded(key: MessageKey, params: Params = {}): { message: string; words: MessageWords } {
  return { message: EN[key](params), words: { key, params } }
}

/** A record's values refused (KRN_ERR_RECORD_INVALID) with one of the kernel's worded messages. */
export function recordRefused(key: MessageKey, params: Params, path: ErrorPath): DocPalError {
  const w = worded(key, params)
  return codes.KRN_ERR_RECORD_INVALID(w.message, { path, words: w.words })
}
