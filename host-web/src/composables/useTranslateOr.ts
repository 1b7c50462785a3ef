import { useI18n } from '@docpal/plugin-sdk/client'

/**
 * Translates a key when the app's catalogue has it, else shows the fallback: plugins bring
 * categories, kinds and operators we may have no translation for, and those show their own name.
 * Calls `te` on the composer rather than destructuring it, because vue-i18n declares it as a method.
 */
export function useTranslateOr(): (key: string, fallback: string) => string {
  const i18n = useI18n()
  return (key, fallback) => (i18n.te(key) ? i18n.t(key) : fallback)
}
