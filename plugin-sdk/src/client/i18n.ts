import { createI18n } from 'vue-i18n'

/**
 * The page's one i18n instance. It lives in the SDK so that the shell and every plugin's client
 * half translate through the same messages and the same current locale.
 */
export const i18n = createI18n({ legacy: false, locale: 'en', fallbackLocale: 'en', messages: { en: {}, 'zh-CN': {} }, missingWarn: false, fallbackWarn: false })

export function t(key: string, named?: Record<string, unknown>): string {
  return named ? i18n.global.t(key, named) : i18n.global.t(key)
}

export { useI18n } from 'vue-i18n'
