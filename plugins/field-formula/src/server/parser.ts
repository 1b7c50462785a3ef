import { present } from '@docpal/plugin-sdk'
import type { BinaryOp, Node } from './ast.ts'
import { FormulaError, type Position } from './errors.ts'
import { tokenize, type Token } from './lexer.ts'

/** Parentheses, calls and unary signs nested deeper than this are refused. */
export const MAX_NESTING = 100
/** Depth of the whole tree (a chain `1+1+...` grows it too): bounds recursion here, in drizzle and in PostgreSQL. */
export const MAX_TREE_DEPTH = 250
/**
 * Function calls nested deeper than this are refused: calls compile to subqueries, and embedded
 * PGlite's stack holds about 150 nested query levels (a call takes up to 4).
 */
export const MAX_CALL_DEPTH = 32
/** Exponents beyond this would overflow or bloat numeric. */
const MAX_EXPONENT = 1000

const COMPARISON: Readonly<Record<string, BinaryOp>> = { '=': '=', '!=': '!=', '<>': '!=', '<': '<', '<=': '<=', '>': '>', '>=': '>=' }

function describe(t: Token): string {
  switch (t.kind) {
    case 'eof':
      return 'end of formula'
    case 'number':
      return `number ${t.value}`
    case 'string':
      return 'string'
    case 'field':
      return `field reference {${t.value}}`
    case 'name':
      return `name ${t.value}`
    default:
      return `'${t.value}'`
  }
}

/** Parses a formula to its syntax tree; throws FormulaError with the position of the first problem. */
export function parse(src: string): Node {
  const tokens = tokenize(src)
  let i = 0
  let nesting = 0
  let calls = 0
  const depths = new WeakMap<Node, number>()

  const peek = (): Token => {
    // The parser stops at the eof (or error) token that ends every token list.
    const t = present(tokens[i], `token ${i + 1} of the formula`)
    if (t.kind === 'error') throw new FormulaError(t.value, t.pos)
    return t
  }
  const next = (): Token => {
    const t = peek()
    i++
    return t
  }
  const depthOf = (n: Node): number => depths.get(n) ?? 1
  const made = (n: Node, children: ReadonlyArray<Node>, at: Position): Node => {
    const d = 1 + children.reduce((m, c) => Math.max(m, depthOf(c)), 0)
    if (d > MAX_TREE_DEPTH) throw new FormulaError(`formula is too complex (more than ${MAX_TREE_DEPTH} nested operations)`, at)
    depths.set(n, d)
    return n
  }
  const enter = (at: Position) => {
    if (++nesting > MAX_NESTING) throw new FormulaError(`formula nests too deeply (more than ${MAX_NESTING} levels)`, at)
  }
  const expect = (kind: Token['kind'], what: string): Token => {
    const t = peek()
    if (t.kind !== kind) throw new FormulaError(`expected ${what}, found ${describe(t)}`, t.pos)
    return next()
  }

  const binaryLevel = (operand: () => Node, ops: (t: Token) => BinaryOp | undefined) => (): Node => {
    let left = operand()
    for (;;) {
      const t = peek()
      const op = t.kind === 'op' ? ops(t) : undefined
      if (op === undefined) return left
      next()
      const right = operand()
      left = made({ kind: 'binary', op, left, right, pos: t.pos }, [left, right], t.pos)
    }
  }

  const primary = (): Node => {
    const t = next()
    switch (t.kind) {
      case 'number': {
        const exp = /[eE]([+-]?[0-9]+)$/.exec(t.value)
        if (exp && Math.abs(Number(exp[1])) > MAX_EXPONENT) throw new FormulaError(`number ${t.value} is out of range`, t.pos)
        return { kind: 'number', text: t.value, pos: t.pos }
      }
      case 'string':
        return { kind: 'string', value: t.value, pos: t.pos }
      case 'field':
        return { kind: 'field', name: t.value, pos: t.pos }
      case '(': {
        enter(t.pos)
        const inner = expression()
        expect(')', "')'")
        nesting--
        return inner
      }
      case 'name': {
        const name = t.value.toUpperCase()
        if (peek().kind !== '(') {
          if (name === 'TRUE' || name === 'FALSE') return { kind: 'boolean', value: name === 'TRUE', pos: t.pos }
          throw new FormulaError(`unexpected name ${t.value} (write field references in braces: {${t.value}})`, t.pos)
        }
        const open = next()
        enter(open.pos)
        if (++calls > MAX_CALL_DEPTH) throw new FormulaError(`functions nest too deeply (more than ${MAX_CALL_DEPTH} calls)`, t.pos)
        const args: Node[] = []
        if (peek().kind !== ')') {
          for (;;) {
            args.push(expression())
            if (peek().kind !== ',') break
            next()
          }
        }
        expect(')', "',' or ')'")
        nesting--
        calls--
        if ((name === 'TRUE' || name === 'FALSE') && args.length === 0) return { kind: 'boolean', value: name === 'TRUE', pos: t.pos }
        return made({ kind: 'call', name, args, pos: t.pos }, args, t.pos)
      }
      default:
        throw new FormulaError(`unexpected ${describe(t)}`, t.pos)
    }
  }

  const unary = (): Node => {
    const t = peek()
    if (t.kind === 'op' && (t.value === '-' || t.value === '+')) {
      next()
      enter(t.pos)
      const operand = unary()
      nesting--
      return made({ kind: 'unary', op: t.value, operand, pos: t.pos }, [operand], t.pos)
    }
    return primary()
  }

  const term = binaryLevel(unary, (t) => (t.value === '*' || t.value === '/' ? t.value : undefined))
  const additive = binaryLevel(term, (t) => (t.value === '+' || t.value === '-' ? t.value : undefined))
  const concat = binaryLevel(additive, (t) => (t.value === '&' ? '&' : undefined))
  const expression: () => Node = binaryLevel(concat, (t) => COMPARISON[t.value])

  const root = expression()
  const end = peek()
  if (end.kind !== 'eof') throw new FormulaError(`unexpected ${describe(end)}`, end.pos)
  return root
}
