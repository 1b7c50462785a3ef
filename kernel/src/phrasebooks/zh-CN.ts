import type { Phrasebook } from './phrasebook.ts'

const TYPE_WORDS: Readonly<Record<string, string>> = {
  string: '文本',
  number: '数字',
  int: '整数',
  bigint: '整数',
  boolean: 'true 或 false',
  object: '对象',
  array: '列表',
  date: '日期',
  null: 'null',
  undefined: '空',
  nan: '非数字',
}
const FORMAT_WORDS: Readonly<Record<string, string>> = {
  email: '电子邮件地址',
  url: '网址（https://...）',
  uuid: 'ID（UUID）',
  guid: 'ID（UUID）',
  datetime: '日期和时间（2026-12-31T09:30:00Z）',
  date: '日期（2026-12-31）',
  time: '时间（09:30）',
  ipv4: 'IPv4 地址',
  ipv6: 'IPv6 地址',
}
const UNITS: Readonly<Record<string, string>> = { string: '个字符', array: '项', set: '项', map: '个条目', file: '字节' }
const words = (type: string): string => TYPE_WORDS[type] ?? type
const size = (n: string, origin: string | undefined): string => (origin && UNITS[origin] ? `${n} ${UNITS[origin]}` : n)

/** Simplified Chinese: the same sentences as en.ts, with full-width punctuation. */
export const ZH_CN: Phrasebook = {
  counts: (origin) => origin in UNITS,
  required: '必填。',
  expected: (expected, got) => `应为${words(expected)}，收到的是${words(got)}。`,
  mustBe: (listed) => `必须是 ${listed}。`,
  oneOf: (listed) => `必须是以下之一：${listed}。`,
  exactly: (n, origin) => `必须正好 ${size(n, origin)}。`,
  notEmpty: '不能为空。',
  atLeastOne: (origin) => `至少 1 ${UNITS[origin] ?? ''}。`,
  atMost: (n, origin) => `最多 ${size(n, origin)}。`,
  atLeast: (n, origin) => `至少 ${size(n, origin)}。`,
  lessThan: (n) => `必须小于 ${n}。`,
  moreThan: (n) => `必须大于 ${n}。`,
  onOrBefore: (date) => `不能晚于 ${date}。`,
  onOrAfter: (date) => `不能早于 ${date}。`,
  startsWith: (quoted) => `必须以 ${quoted} 开头。`,
  endsWith: (quoted) => `必须以 ${quoted} 结尾。`,
  includes: (quoted) => `必须包含 ${quoted}。`,
  pattern: (pattern) => `格式不符合要求${pattern ? `（${pattern}）` : ''}。`,
  format: (format) => `必须是${FORMAT_WORDS[format] ?? `有效的 ${format}`}。`,
  multipleOf: (n) => `必须是 ${n} 的倍数。`,
  unknownKeys: (keys) => `未知字段：${keys.join('、')}。`,
  noForm: '不符合任何可接受的形式。',
  badKey: '含有此处不允许的键。',
  badEntry: '含有此处不允许的条目。',
}
