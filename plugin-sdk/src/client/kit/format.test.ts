import { describe, expect, it } from 'vitest'
import { i18n } from '../i18n.ts'
import { formatDate, formatHasTime, formatNumber, plainText } from './format.ts'

describe('field kit formatting', () => {
  it('formats numbers with a fixed precision, passing non-numbers through', () => {
    expect(formatNumber(1234.5, 2)).toBe('1,234.50')
    expect(formatNumber(0.125, 0)).toBe('0')
    expect(formatNumber('42')).toBe('42')
    expect(formatNumber(null)).toBe('')
    expect(formatNumber('n/a')).toBe('n/a')
  })

  it('formats plain dates with dayjs tokens and literal text', () => {
    expect(formatDate('2026-03-07', 'DD/MM/YYYY')).toBe('07/03/2026')
    expect(formatDate('2026-03-07', 'D.M.YY')).toBe('7.3.26')
    expect(formatDate('2026-03-07', 'YYYY [week] MM')).toBe('2026 week 03')
    expect(formatDate('0099-01-02', 'YYYY-MM-DD')).toBe('0099-01-02')
    expect(formatDate('2026-03-07', 'MMM D, YYYY')).toBe('Mar 7, 2026')
    expect(formatDate('not a date', 'YYYY')).toBe('not a date')
    expect(formatDate('2026-03-07', 'dddd hh A')).toBe('Saturday 12 AM')
    i18n.global.locale.value = 'zh-CN'
    try {
      expect(formatDate('2026-03-07', 'MMMM dddd')).toBe('三月 星期六')
    } finally {
      i18n.global.locale.value = 'en'
    }
  })

  it('formats instants in local time', () => {
    const d = new Date('2026-03-07T15:04:05.000Z')
    const hh = String(d.getHours()).padStart(2, '0')
    expect(formatDate('2026-03-07T15:04:05.000Z', 'HH:mm:ss')).toBe(`${hh}:04:05`)
    expect(formatHasTime('YYYY-MM-DD HH:mm')).toBe(true)
    expect(formatHasTime('YYYY [h] MM')).toBe(false)
  })

  it('reads any API value as one line of text', () => {
    expect(plainText([{ id: '1', display: 'Ann' }, { id: '2', name: 'Bob' }, null])).toBe('Ann, Bob')
    expect(plainText(true)).toBe('✓')
    expect(plainText(1500)).toBe('1,500')
  })
})
