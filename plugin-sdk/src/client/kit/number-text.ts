const PLAIN = /^[-+]?(\d+\.?\d*|\.\d+)(e[-+]?\d+)?$/i
// 1,234,567.5 as spreadsheets copy it with thousands separators.
const GROUPED = /^[-+]?\d{1,3}(,\d{3})+(\.\d*)?$/

/**
 * A number typed or pasted as text: plain digits, an exponent, or thousands separated by commas.
 * Blank is null. Anything else is answered as the text itself, so the server refuses it with a
 * message naming the field instead of the client guessing (or dropping) what was meant.
 */
export function parseNumberText(text: string): number | string | null {
  const t = text.trim().replace(/[\s\u00a0]/g, '')
  if (t === '') return null
  if (PLAIN.test(t)) return Number(t)
  if (GROUPED.test(t)) return Number(t.replace(/,/g, ''))
  return text.trim()
}
