import { i18n } from '@docpal/plugin-sdk/client'

export const LOCALES = [
  { code: 'en', label: 'English' },
  { code: 'zh-CN', label: '简体中文' },
] as const

// Each area of the shell keeps its strings in `messages/<area>.ts`; all are merged at start.
const modules = import.meta.glob<{ default: Record<string, Record<string, unknown>> }>('./messages/*.ts', { eager: true })

export function installMessages(): void {
  for (const mod of Object.values(modules)) {
    for (const [locale, messages] of Object.entries(mod.default)) i18n.global.mergeLocaleMessage(locale, messages)
  }
  const saved = localStorage.getItem('docpal.locale')
  if (saved && LOCALES.some((l) => l.code === saved)) setLocale(saved)
}

export function setLocale(code: string): void {
  ;(i18n.global.locale as unknown as { value: string }).value = code
  localStorage.setItem('docpal.locale', code)
  document.documentElement.lang = code
}
