import { describe, expect, it } from 'vitest'
import { z } from 'zod'
import { DocPalError, wordedIssue } from '@docpal/plugin-sdk'
import { codes } from '../errors/codes.ts'
import { withEveryRefusal } from '../schema/refusals.ts'
import { parseOrThrow } from '../validation.ts'
import { installValidationMessages } from '../validation-messages.ts'
import { KERNEL_ZH_CN } from './codes-zh-CN.ts'
import { recordRefused } from './messages.ts'
import { sayError } from './say-error.ts'

installValidationMessages()

/** The refusal `parseOrThrow` throws for `value`. */
function refusal(schema: z.ZodType, value: unknown): DocPalError {
  try {
    parseOrThrow(schema, value, ['body'])
  } catch (err) {
    if (err instanceof DocPalError) return err
    throw err
  }
  throw new Error('the parse passed')
}
const zh = (err: DocPalError) => sayError(err, 'zh-CN', KERNEL_ZH_CN)
const HAN = /[\u4e00-\u9fff]/

describe('refusals in the reader language', () => {
  it("says zod's issues in Chinese, path first, and leaves English as it was", () => {
    const err = refusal(z.object({ name: z.string().max(3), qty: z.number() }).strict(), { name: 'abcd', qty: 'x', colour: 1 })
    expect(err.message).toBe('body.name: At most 3 characters.')
    expect(zh(err).message).toBe('body.name: 最多 3 个字符。')
    expect((zh(err).details?.['issues'] as Array<{ path: unknown[]; message: string }>).map((i) => i.message)).toEqual([
      '最多 3 个字符。',
      '应为数字，收到的是文本。',
      '未知字段：colour。',
    ])
    expect(sayError(err, 'en', KERNEL_ZH_CN)).toEqual({ message: err.message, details: err.details })
    // Paths are data: never translated. An unknown key names itself in the path (zodFailure).
    expect((zh(err).details?.['issues'] as Array<{ path: unknown[] }>).map((i) => i.path)).toEqual([
      ['body', 'name'],
      ['body', 'qty'],
      ['body', 'colour'],
    ])
  })

  it('has a Chinese sentence for every issue the kernel words', () => {
    const cases: Array<[z.ZodType, unknown]> = [
      [z.object({ a: z.string() }), {}],
      [z.enum(['asc', 'desc']), 'up'],
      [z.literal('x'), 'y'],
      [z.string().min(1), ''],
      [z.string().length(2), 'abc'],
      [z.array(z.string()).min(1), []],
      [z.array(z.string()).min(2), []],
      [z.number().gt(5), 5],
      [z.number().lt(5), 5],
      [z.number().min(5), 1],
      [z.number().multipleOf(5), 6],
      [z.date().max(new Date('2026-01-01')), new Date('2027-01-01')],
      [z.string().startsWith('a'), 'b'],
      [z.string().endsWith('a'), 'b'],
      [z.string().includes('a'), 'b'],
      [z.string().regex(/^x$/), 'y'],
      [z.uuid(), 'x'],
      [z.email(), 'x'],
      [z.union([z.string(), z.number()]), true],
      [z.record(z.enum(['a']), z.string()), { b: 'x' }],
      [z.int(), 1.5],
    ]
    for (const [schema, value] of cases) {
      const said = zh(refusal(schema, value)).message
      expect(said, `${JSON.stringify(value)}: ${said}`).toMatch(HAN)
    }
  })

  it("says a field type's own refusal from its messages, and in English without them", () => {
    const schema = z.number().refine((v) => v < 10, wordedIssue('small', 'must be below 10', { max: 10 }))
    const messages = { 'zh-CN': { small: '必须小于 {max}' } }
    const worded = (() => {
      try {
        parseOrThrow(schema, 12, ['fields', 'Qty'], codes.KRN_ERR_RECORD_INVALID, messages)
      } catch (err) {
        return err as DocPalError
      }
      throw new Error('the parse passed')
    })()
    expect(worded.message).toBe('fields.Qty: must be below 10')
    expect(zh(worded).message).toBe('fields.Qty: 必须小于 10')
    expect(zh(refusal(schema, 12)).message).toBe('body: must be below 10')
  })

  it("keeps a schema's own message in the words it was written in", () => {
    const err = refusal(z.string().max(3, 'Names are short.'), 'abcd')
    expect(zh(err).message).toBe('body: Names are short.')
  })

  it("says the kernel's worded record refusals and every refusal listed with them", () => {
    const first = recordRefused('record.unknownColumn', { name: 'Colour', byId: 0 }, ['fields', 'Colour'])
    expect(first.message).toBe("Unknown column 'Colour'.")
    expect(zh(first).message).toBe('未知的列“Colour”。')
    const all = withEveryRefusal(first, (refused) => {
      refused.push(first, recordRefused('record.required', { name: 'Title' }, ['fields', 'Title']), refusal(z.number(), 'x'))
    }) as DocPalError
    expect(all.message).toBe(first.message)
    expect((zh(all).details?.['fields'] as Array<{ message: string }>).map((f) => f.message)).toEqual(['未知的列“Colour”。', '列“Title”为必填。', 'body: 应为数字，收到的是文本。'])
  })

  it('says catalogued codes from their arguments, and leaves codes without a sentence in English', () => {
    expect(zh(codes.KRN_ERR_NOT_FOUND('Table', 't1')).message).toBe('表“t1”不存在（或属于其他公司）。')
    expect(zh(codes.KRN_ERR_META_DUPLICATE_NAME('table', 'Deals')).message).toBe('此处已有名为“Deals”的表，请换一个名称。')
    const free = codes.KRN_ERR_CONFLICT('Something a plugin said.')
    expect(zh(free).message).toBe('Something a plugin said.')
    // Remade without its arguments (a hook tags a veto with its plugin): the text as it was.
    const remade = new DocPalError('KRN_ERR_NOT_FOUND', "Table 't1' does not exist (plugin 'x')", 404)
    expect(zh(remade).message).toBe(remade.message)
  })
})
