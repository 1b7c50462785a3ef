import type { Locale } from './messages.ts'

/** The languages DocPal words messages in besides English. */
export const OTHER_LOCALES: ReadonlyArray<Exclude<Locale, 'en'>> = ['zh-CN']

/**
 * A message made now and read later (a run's error, an import's report) in each other language
 * that words it differently from `english`, by locale; undefined when none does.
 */
export function inOtherLocales(say: (locale: Exclude<Locale, 'en'>) => string | undefined, english: string): Partial<Record<Locale, string>> | undefined {
  const out: Partial<Record<Locale, string>> = {}
  for (const locale of OTHER_LOCALES) {
    const text = say(locale)
    if (text !== undefined && text !== english) out[locale] = text
  }
  return Object.keys(out).length ? out : undefined
}
