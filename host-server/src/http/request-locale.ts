import type { Locale } from '@docpal/kernel'

/**
 * The language a request asks for (its mails, the messages of its refusals): the first
 * Accept-Language entry (by q) that DocPal speaks; any `zh` variant reads Simplified Chinese.
 * English when none matches.
 */
export function requestLocale(acceptLanguage: string | undefined): Locale {
  if (!acceptLanguage) return 'en'
  const ranked = acceptLanguage
    .split(',')
    .map((part, i) => {
      const [tag = '', ...params] = part.trim().split(';')
      const q = params.map((p) => p.trim()).find((p) => p.startsWith('q='))
      const weight = q ? Number(q.slice(2)) : 1
      return { tag: tag.trim().toLowerCase(), weight: Number.isFinite(weight) ? weight : 0, i }
    })
    .filter((e) => e.tag !== '' && e.weight > 0)
    .sort((a, b) => b.weight - a.weight || a.i - b.i)
  for (const e of ranked) {
    if (e.tag === 'zh' || e.tag.startsWith('zh-')) return 'zh-CN'
    if (e.tag === 'en' || e.tag.startsWith('en-')) return 'en'
  }
  return 'en'
}

/** The name of a new account's own company, in the language of its sign-up. */
export function ownCompanyName(name: string, locale: Locale): string {
  return locale === 'zh-CN' ? `${name}的公司` : `${name}'s company`
}
