import { i18n } from '@docpal/plugin-sdk/client'

/** The app's language (the header's switcher), which dates follow rather than the browser's. */
export const appLocale = (): string => (i18n.global.locale as unknown as { value: string }).value

/** A moment as the reader's language writes it ("2026年12月6日 13:05", "Dec 6, 2026, 1:05 PM"); '' for none. */
export function dateTime(iso: string | null | undefined, time: 'short' | 'medium' = 'short'): string {
  return iso ? new Date(iso).toLocaleString(appLocale(), { dateStyle: 'medium', timeStyle: time }) : ''
}

/** The day of a moment, as the reader's language writes it; '' for none. */
export function dateOnly(iso: string | null | undefined): string {
  return iso ? new Date(iso).toLocaleDateString(appLocale(), { dateStyle: 'medium' }) : ''
}
