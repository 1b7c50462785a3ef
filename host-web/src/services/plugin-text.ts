import { i18n } from '@docpal/plugin-sdk/client'
import type { PluginInfo, PluginTranslations } from './endpoints.ts'

/** What a manifest or a catalog entry says of a plugin: in English, and in the locales it translated. */
export interface PluginTexts {
  readonly name: string
  readonly description?: string | undefined
  readonly translations?: PluginTranslations | undefined
}

// Read through the ref, so a template or computed that shows a plugin's name follows a change of language.
const appLocale = () => (i18n.global.locale as unknown as { value: string }).value

/**
 * The text in the app's locale when the plugin translated it there (or into the locale's language:
 * a `zh` entry serves `zh-CN`), else its English. An empty translation counts as none.
 */
export function localized(texts: PluginTexts, key: 'name' | 'description', locale: string = appLocale()): string {
  const language = locale.split('-')[0] ?? locale
  const own = texts.translations?.[locale]?.[key] || texts.translations?.[language]?.[key]
  return own || texts[key] || ''
}

/** An installed plugin's name for people: its manifest's, translated; its id when the manifest could not be read. */
export function pluginName(p: Pick<PluginInfo, 'id' | 'manifest'>): string {
  return p.manifest ? localized(p.manifest, 'name') : p.id
}

/** An installed plugin's description, translated; '' when it has none. */
export function pluginDescription(p: Pick<PluginInfo, 'manifest'>): string {
  return p.manifest ? localized(p.manifest, 'description') : ''
}

/** Orders names shown as a reader of the app's language expects (pinyin order in zh-CN, not code points). */
export function compareNames(a: string, b: string): number {
  return a.localeCompare(b, appLocale())
}
