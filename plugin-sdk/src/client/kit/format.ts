import dayjs from 'dayjs'
import 'dayjs/locale/zh-cn.js'
import { i18n } from '../i18n.ts'

const locale = (): string => i18n.global.locale.value

// Building an Intl formatter costs far more than formatting with one, and a grid formats every
// visible cell on each scroll step: formatters are kept per locale and options.
const numberFormats = new Map<string, Intl.NumberFormat>()
function numberFormat(loc: string, digits: Intl.NumberFormatOptions): Intl.NumberFormat {
  const key = `${loc}|${digits.minimumFractionDigits ?? ''}|${digits.maximumFractionDigits ?? ''}`
  let f = numberFormats.get(key)
  if (!f) numberFormats.set(key, (f = new Intl.NumberFormat(loc, digits)))
  return f
}

/** A value as its raw text: blank for null, strings as they are, other scalars as JS writes them, objects as JSON. */
export function rawText(value: unknown): string {
  if (value === null || value === undefined) return ''
  if (typeof value === 'string') return value
  if (typeof value === 'number' || typeof value === 'boolean' || typeof value === 'bigint') return String(value)
  return JSON.stringify(value)
}

/** A number with a fixed count of decimals (a number field's precision), or as it is. */
export function formatNumber(value: unknown, precision?: number): string {
  const n = typeof value === 'number' ? value : typeof value === 'string' && value.trim() !== '' ? Number(value) : NaN
  if (!Number.isFinite(n)) return rawText(value)
  const digits = precision === undefined ? { maximumFractionDigits: 10 } : { minimumFractionDigits: precision, maximumFractionDigits: precision }
  return numberFormat(locale(), digits).format(n)
}

const PLAIN_DATE = /^(\d{4})-(\d{2})-(\d{2})$/

/** Whether a dayjs-style format shows the time of day. */
export const formatHasTime = (format: string): boolean => /[Hhm]/.test(format.replace(/\[[^\]]*]/g, ''))

/** dayjs names months and weekdays in its own locales: the app's locale mapped onto them. */
const dayjsLocale = (): string => (locale().toLowerCase().startsWith('zh') ? 'zh-cn' : 'en')

/**
 * Formats an API date with the dayjs tokens a date field's `format` uses (YYYY MM DD HH mm ...,
 * `[text]` literal). Plain dates are calendar days and never shift with the time zone; date-times
 * are instants shown in the browser's time zone.
 */
export function formatDate(value: unknown, format = 'YYYY-MM-DD'): string {
  if (typeof value !== 'string' || value === '') return rawText(value)
  const plain = PLAIN_DATE.exec(value)
  // Plain dates are built by hand: dayjs (like Date) reads year 0099 as 1999.
  const d = plain ? new Date(Number(plain[1]), Number(plain[2]) - 1, Number(plain[3])) : new Date(value)
  if (Number.isNaN(d.getTime())) return value
  if (plain) d.setFullYear(Number(plain[1]))
  return dayjs(d).locale(dayjsLocale()).format(format)
}

const ISO_INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})$/

/** Any API value as one line of text, as a person reads it (computed values, display fields). */
export function plainText(value: unknown): string {
  if (value == null) return ''
  if (typeof value === 'number') return formatNumber(value)
  if (typeof value === 'string') return ISO_INSTANT.test(value) ? formatDate(value, 'YYYY-MM-DD HH:mm') : value
  if (typeof value === 'boolean') return value ? '✓' : ''
  if (Array.isArray(value))
    return value
      .map(plainText)
      .filter((s) => s !== '')
      .join(', ')
  if (typeof value === 'object') {
    const o = value as Record<string, unknown>
    if ('display' in o) return plainText(o['display'])
    if ('name' in o) return plainText(o['name'])
    if ('label' in o) return plainText(o['label'])
  }
  return JSON.stringify(value)
}
