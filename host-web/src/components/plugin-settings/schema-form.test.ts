import { describe, expect, it } from 'vitest'
import { draftOf, fieldForError, formOf, hintOf, humanize, messageAtField, valueOf, type Field, type JsonSchema } from './schema-form.ts'

// What the server sends for test/fixtures/settings-plugins/fixture-settings (zod -> draft-7, input side).
const FIXTURE: JsonSchema = {
  type: 'object',
  properties: {
    greeting: { default: 'Hello', type: 'string', minLength: 1, maxLength: 40 },
    times: { default: 1, type: 'integer', minimum: 1, maximum: 5 },
  },
}

// Every shape the form knows, as zod's toJSONSchema writes it.
const RICH: JsonSchema = {
  type: 'object',
  properties: {
    apiKey: { type: 'string', title: 'API key', description: 'From the vendor console' },
    ratio: { type: 'number', exclusiveMinimum: 0, exclusiveMaximum: 1 },
    retries: { type: 'integer', minimum: -9007199254740991, maximum: 9007199254740991 },
    enabled: { default: true, type: 'boolean' },
    mode: { default: 'fast', type: 'string', enum: ['fast', 'safe'] },
    level: {
      anyOf: [
        { type: 'number', const: 1 },
        { type: 'number', const: 2 },
      ],
    },
    tags: { default: [], type: 'array', items: { type: 'string' } },
    limit: { type: ['number', 'null'] },
    server: { type: 'object', properties: { host: { type: 'string' }, port: { type: 'integer', minimum: 1, maximum: 65535 } }, required: ['host'] },
    headers: { type: 'object', propertyNames: { type: 'string' }, additionalProperties: { type: 'string' } } as JsonSchema,
    points: { type: 'array', items: { type: 'number' } },
    note: { type: 'string', maxLength: 2000 },
  },
  required: ['apiKey', 'level', 'limit', 'server', 'headers', 'points'],
}

const byKey = (fields: Field[]) => Object.fromEntries(fields.map((f) => [f.key, f]))

describe('formOf', () => {
  it('gives each property its widget, with bounds, defaults and labels', () => {
    const f = byKey(formOf(RICH).fields)
    expect(f['apiKey']).toMatchObject({ kind: 'string', label: 'API key', description: 'From the vendor console', required: true, multiline: false })
    expect(f['ratio']).toMatchObject({ kind: 'number', integer: false, min: 0, max: 1, required: false })
    expect(f['retries']).toMatchObject({ kind: 'number', integer: true, min: null, max: null, label: 'Retries' })
    expect(f['enabled']).toMatchObject({ kind: 'boolean', default: true })
    expect(f['mode']).toMatchObject({ kind: 'enum', options: ['fast', 'safe'], default: 'fast' })
    expect(f['level']).toMatchObject({ kind: 'enum', options: [1, 2] })
    expect(f['tags']).toMatchObject({ kind: 'tags' })
    expect(f['limit']).toMatchObject({ kind: 'number', nullable: true })
    expect(f['headers']!.kind).toBe('json')
    expect(f['points']!.kind).toBe('json')
    expect(f['note']).toMatchObject({ kind: 'string', multiline: true, maxLength: 2000 })
    const server = f['server']!
    expect(server.kind).toBe('object')
    if (server.kind !== 'object') return
    expect(server.fields.map((x) => [x.key, x.path, x.required])).toEqual([
      ['host', ['server', 'host'], true],
      ['port', ['server', 'port'], false],
    ])
  })

  it('reads the fixture plugin: a bounded string and an integer 1..5', () => {
    const f = byKey(formOf(FIXTURE).fields)
    expect(f['greeting']).toMatchObject({ kind: 'string', minLength: 1, maxLength: 40, default: 'Hello', required: false })
    expect(f['times']).toMatchObject({ kind: 'number', integer: true, min: 1, max: 5, default: 1 })
  })

  it('an exclusive integer bound is the next integer', () => {
    const f = formOf({ type: 'object', properties: { n: { type: 'integer', exclusiveMinimum: 0, exclusiveMaximum: 10 } } }).fields[0]!
    expect(f).toMatchObject({ min: 1, max: 9 })
  })

  it('a root that is not an object with properties is one JSON field', () => {
    const form = formOf({ type: 'array', items: { type: 'number' } })
    expect(form.wrapped).toBe(true)
    expect(form.fields).toMatchObject([{ key: 'value', kind: 'json' }])
    expect(draftOf(form, [1, 2])).toEqual({ value: '[\n  1,\n  2\n]' })
    expect(valueOf(form, { value: '[3]' }).value).toEqual([3])
    expect(fieldForError(form, ['settings', 0])).toBe('value')
  })

  it('humanizes property names', () => {
    expect(humanize('maxRetries')).toBe('Max retries')
    expect(humanize('api_base-url')).toBe('Api base url')
    expect(humanize('times')).toBe('Times')
  })
})

describe('draftOf and valueOf', () => {
  it('fills defaults where the value lacks a key and sends back what was edited', () => {
    const form = formOf(FIXTURE)
    const draft = draftOf(form, {})
    expect(draft).toEqual({ greeting: 'Hello', times: 1 })
    draft['times'] = 3
    draft['greeting'] = 'Hi'
    expect(valueOf(form, draft)).toEqual({ value: { greeting: 'Hi', times: 3 }, problems: [] })
  })

  it('keeps the current value over the default', () => {
    expect(draftOf(formOf(FIXTURE), { greeting: 'Hey', times: 4 })).toEqual({ greeting: 'Hey', times: 4 })
  })

  it('drafts every widget and leaves emptied optional fields out (null when nullable)', () => {
    const form = formOf(RICH)
    const draft = draftOf(form, { apiKey: 'k', level: 2, limit: null, server: { host: 'h' }, headers: { a: 'b' }, points: [1] })
    expect(draft).toEqual({
      apiKey: 'k',
      ratio: null,
      retries: null,
      enabled: true,
      mode: 'fast',
      level: 2,
      tags: [],
      limit: null,
      server: { host: 'h', port: null },
      headers: '{\n  "a": "b"\n}',
      points: '[\n  1\n]',
      note: '',
    })
    expect(valueOf(form, draft)).toEqual({
      value: { apiKey: 'k', enabled: true, mode: 'fast', level: 2, tags: [], limit: null, server: { host: 'h' }, headers: { a: 'b' }, points: [1] },
      problems: [],
    })
  })

  it('sends an emptied required string as typed, so the server names the problem', () => {
    const form = formOf(RICH)
    const draft = draftOf(form, {})
    expect(valueOf(form, draft).value).toMatchObject({ apiKey: '' })
  })

  it('reports JSON that does not parse at its field', () => {
    const form = formOf(RICH)
    const draft = { ...draftOf(form, {}), headers: '{ "a": ' }
    const { problems } = valueOf(form, draft)
    expect(problems.map((p) => p.key)).toEqual(['headers'])
    expect(problems[0]!.message).not.toBe('')
  })

  it('does not share the default object between drafts', () => {
    const form = formOf({ type: 'object', properties: { list: { type: 'array', items: { type: 'string' }, default: ['a'] } } })
    const a = draftOf(form, {})
    ;(a['list'] as string[]).push('b')
    expect(draftOf(form, {})['list']).toEqual(['a'])
  })
})

describe('fieldForError', () => {
  const form = formOf(RICH)
  it('places a refusal at the field its path names, after the leading settings', () => {
    expect(fieldForError(formOf(FIXTURE), ['settings', 'times'])).toBe('times')
    expect(fieldForError(form, ['settings', 'server', 'port'])).toBe('server.port')
  })
  it('an error inside a list or a JSON value lands on that field', () => {
    expect(fieldForError(form, ['settings', 'tags', 2])).toBe('tags')
    expect(fieldForError(form, ['settings', 'headers', 'x'])).toBe('headers')
  })
  it('drops the path the server put before its message, which the field already says', () => {
    expect(messageAtField('settings.times: Too big: expected number to be <=5', ['settings', 'times'])).toBe('Too big: expected number to be <=5')
    expect(messageAtField('Too big', ['settings', 'times'])).toBe('Too big')
  })
  it('names no field for the whole object or an unknown key', () => {
    expect(fieldForError(form, ['settings'])).toBeNull()
    expect(fieldForError(form, ['settings', 'nope'])).toBeNull()
  })
})

describe('hintOf', () => {
  const f = byKey(
    formOf({
      type: 'object',
      properties: {
        times: { type: 'integer', minimum: 1, maximum: 5 },
        n: { type: 'integer' },
        x: { type: 'number', minimum: 0 },
        greeting: { type: 'string', minLength: 1, maxLength: 40 },
        name: { type: 'string', minLength: 1 },
        free: { type: 'string' },
        list: { type: 'array', items: { type: 'string' }, minItems: 1, maxItems: 3 },
      },
    }).fields,
  )
  it('states the limits a value must keep', () => {
    expect(hintOf(f['times']!)).toEqual({ key: 'between', params: { min: 1, max: 5 } })
    expect(hintOf(f['n']!)).toEqual({ key: 'wholeNumber', params: {} })
    expect(hintOf(f['x']!)).toEqual({ key: 'atLeast', params: { min: 0 } })
    expect(hintOf(f['greeting']!)).toEqual({ key: 'lengthBetween', params: { min: 1, max: 40 } })
    expect(hintOf(f['name']!)).toBeNull()
    expect(hintOf(f['free']!)).toBeNull()
    expect(hintOf(f['list']!)).toEqual({ key: 'itemsBetween', params: { min: 1, max: 3 } })
  })
})
