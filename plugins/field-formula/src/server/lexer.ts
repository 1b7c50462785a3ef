import { FormulaError, type Position } from './errors.ts'

export type TokenKind = 'number' | 'string' | 'field' | 'name' | 'op' | '(' | ')' | ',' | 'eof' | 'error'

export interface Token {
  readonly kind: TokenKind
  /** number: its source digits; string/field: the unescaped text; name: as written; op: the operator; error: the message. */
  readonly value: string
  readonly pos: Position
}

const OPERATORS = ['<=', '>=', '!=', '<>', '+', '-', '*', '/', '&', '=', '<', '>'] as const
const NUMBER = /[0-9]+\.(?![0-9])|[0-9]*\.?[0-9]+(?:[eE][+-]?[0-9]+)?/y
const NAME = /[A-Za-z_][A-Za-z0-9_]*/y

/** Describes a character for messages: printable ones quoted, others by code point. */
export function describeChar(c: string): string {
  return /^[\x21-\x7e]$/.test(c) ? `'${c}'` : `character U+${(c.codePointAt(0) ?? 0).toString(16).toUpperCase().padStart(4, '0')}`
}

/**
 * Splits a formula into tokens. Field references are `{name}` (`\}` and `\\` escape inside),
 * strings are '...' or "..." with backslash escapes (\n, \t, \\, \', \").
 * Text that is no token ends the list with an `error` token, so the parser reports problems in
 * source order (a misplaced ')' before a stray ';').
 */
export function tokenize(src: string): Token[] {
  const tokens: Token[] = []
  try {
    scan(src, tokens)
  } catch (err) {
    if (!(err instanceof FormulaError)) throw err
    tokens.push({ kind: 'error', value: err.detail, pos: err.pos })
  }
  return tokens
}

function scan(src: string, tokens: Token[]): void {
  let i = 0
  let line = 1
  let lineStart = 0
  const posAt = (at: number): Position => ({ line, column: at - lineStart + 1 })

  while (i < src.length) {
    const c = src.charAt(i)
    if (c === '\n') {
      i++
      line++
      lineStart = i
      continue
    }
    if (c === ' ' || c === '\t' || c === '\r') {
      i++
      continue
    }
    const pos = posAt(i)

    if (c === '{') {
      let j = i + 1
      let name = ''
      for (;;) {
        if (j >= src.length || src[j] === '\n') throw new FormulaError('unterminated field reference', pos)
        const d = src.charAt(j)
        if (d === '\\' && (src[j + 1] === '}' || src[j + 1] === '\\')) {
          name += src.charAt(j + 1)
          j += 2
          continue
        }
        if (d === '}') break
        name += d
        j++
      }
      if (name.trim() === '') throw new FormulaError('empty field reference', pos)
      tokens.push({ kind: 'field', value: name, pos })
      i = j + 1
      continue
    }

    if (c === "'" || c === '"') {
      let j = i + 1
      let text = ''
      for (;;) {
        if (j >= src.length) throw new FormulaError('unterminated string', pos)
        const d = src.charAt(j)
        if (d === c) break
        if (d === '\\' && j + 1 < src.length) {
          const e = src.charAt(j + 1)
          text += e === 'n' ? '\n' : e === 't' ? '\t' : e === 'r' ? '\r' : e
          if (e === '\n') {
            line++
            lineStart = j + 2
          }
          j += 2
          continue
        }
        if (d === '\n') {
          line++
          lineStart = j + 1
        }
        text += d
        j++
      }
      tokens.push({ kind: 'string', value: text, pos })
      i = j + 1
      continue
    }

    if (/[0-9.]/.test(c)) {
      NUMBER.lastIndex = i
      const m = NUMBER.exec(src)
      if (!m) throw new FormulaError(`unexpected ${describeChar(c)}`, pos)
      tokens.push({ kind: 'number', value: m[0], pos })
      i += m[0].length
      continue
    }

    if (/[A-Za-z_]/.test(c)) {
      NAME.lastIndex = i
      const m = NAME.exec(src)
      if (!m) throw new FormulaError(`unexpected ${describeChar(c)}`, pos)
      tokens.push({ kind: 'name', value: m[0], pos })
      i += m[0].length
      continue
    }

    if (c === '(' || c === ')' || c === ',') {
      tokens.push({ kind: c, value: c, pos })
      i++
      continue
    }

    const op = OPERATORS.find((o) => src.startsWith(o, i))
    if (op !== undefined) {
      tokens.push({ kind: 'op', value: op, pos })
      i += op.length
      continue
    }
    throw new FormulaError(`unexpected ${describeChar(c)}`, pos)
  }
  tokens.push({ kind: 'eof', value: '', pos: posAt(i) })
}
