import { describe, expect, it } from 'vitest'
import { FormulaError, MAX_CALL_DEPTH, MAX_NESTING, fieldNames, parse, tokenize } from '../src/server/index.ts'

const errorOf = (src: string): string => {
  try {
    parse(src)
  } catch (err) {
    expect(err).toBeInstanceOf(FormulaError)
    return (err as Error).message
  }
  throw new Error(`parsed: ${src}`)
}

describe('lexer', () => {
  it('reads field references with escaped braces, strings with escapes, numbers', () => {
    const t = tokenize(String.raw`{a\}b} & 'it\'s' & "x\"y\n" + 1.5e3 + .5 + 3.`)
    expect(t.filter((x) => x.kind !== 'op').map((x) => [x.kind, x.value])).toEqual([
      ['field', 'a}b'],
      ['string', "it's"],
      ['string', 'x"y\n'],
      ['number', '1.5e3'],
      ['number', '.5'],
      ['number', '3.'],
      ['eof', ''],
    ])
  })

  it('tracks lines and columns (1-based)', () => {
    const t = tokenize('1 +\n  {x}')
    expect(t.map((x) => x.pos)).toEqual([
      { line: 1, column: 1 },
      { line: 1, column: 3 },
      { line: 2, column: 3 },
      { line: 2, column: 6 },
    ])
  })
})

describe('parser', () => {
  it('follows spreadsheet precedence: comparison < & < + - < * / < unary minus', () => {
    const n = parse('{a} & 1 + 2 * -3 = "x"')
    expect(n.kind === 'binary' && n.op).toBe('=')
    const s = JSON.stringify(n, (k, v) => (k === 'pos' ? undefined : v))
    expect(s).toBe(
      JSON.stringify({
        kind: 'binary',
        op: '=',
        left: {
          kind: 'binary',
          op: '&',
          left: { kind: 'field', name: 'a' },
          right: {
            kind: 'binary',
            op: '+',
            left: { kind: 'number', text: '1' },
            right: { kind: 'binary', op: '*', left: { kind: 'number', text: '2' }, right: { kind: 'unary', op: '-', operand: { kind: 'number', text: '3' } } },
          },
        },
        right: { kind: 'string', value: 'x' },
      }),
    )
  })

  it('parses calls case-insensitively, TRUE/FALSE with or without parentheses, <> as !=', () => {
    const n = parse('if(TRUE(), false, {x} <> 1)')
    expect(n.kind).toBe('call')
    if (n.kind !== 'call') return
    expect(n.name).toBe('IF')
    expect(n.args.map((a) => a.kind)).toEqual(['boolean', 'boolean', 'binary'])
    expect(n.args[2]!.kind === 'binary' && n.args[2]!.op).toBe('!=')
  })

  it('lists referenced fields', () => {
    expect(fieldNames(parse('{b} + {a} * ROUND({b}, 2)'))).toEqual(['b', 'a'])
  })

  it('reports errors with their position', () => {
    expect(errorOf('ROUND({x})) ')).toBe("unexpected ')' at 1:11")
    expect(errorOf('1 +')).toBe('unexpected end of formula at 1:4')
    expect(errorOf('(1 + 2')).toBe("expected ')', found end of formula at 1:7")
    expect(errorOf('{x')).toBe('unterminated field reference at 1:1')
    expect(errorOf("1 &\n 'abc")).toBe('unterminated string at 2:2')
    expect(errorOf('price * 2')).toBe('unexpected name price (write field references in braces: {price}) at 1:1')
    expect(errorOf('1 # 2')).toBe("unexpected '#' at 1:3")
    expect(errorOf('{}')).toBe('empty field reference at 1:1')
    expect(errorOf('1e99999')).toBe('number 1e99999 is out of range at 1:1')
    expect(errorOf('SUM(1,)')).toBe("unexpected ')' at 1:7")
  })

  it('refuses hostile input with a position, never SQL', () => {
    expect(errorOf('{a}); drop table apps; --')).toBe("unexpected ')' at 1:4")
    expect(errorOf("'a'; drop table apps")).toBe("unexpected ';' at 1:4")
  })

  it('refuses deep nesting without overflowing the stack', () => {
    expect(errorOf('('.repeat(200) + '1' + ')'.repeat(200))).toBe(`formula nests too deeply (more than ${MAX_NESTING} levels) at 1:${MAX_NESTING + 1}`)
    expect(errorOf('-'.repeat(5000) + '1')).toMatch(/nests too deeply .* at 1:101$/)
    expect(errorOf('ABS('.repeat(MAX_CALL_DEPTH + 1) + '1' + ')'.repeat(MAX_CALL_DEPTH + 1))).toMatch(/functions nest too deeply .* at 1:129$/)
    expect(() => parse('('.repeat(MAX_NESTING) + '1' + ')'.repeat(MAX_NESTING))).not.toThrow()
  })

  it('handles a 100 KB formula: long chains are refused as too complex, fast', () => {
    const chain = Array.from({ length: 25_000 }, () => '1').join('+')
    expect(chain.length).toBeGreaterThan(40_000)
    const started = Date.now()
    expect(errorOf(chain + ' & ' + "'x'".repeat(10_000))).toMatch(/formula is too complex \(more than 250 nested operations\) at 1:\d+/)
    const big = `'${'x'.repeat(100_000)}'`
    expect(parse(big).kind).toBe('string')
    expect(Date.now() - started).toBeLessThan(2000)
  })
})
