import { commonType, present } from '@docpal/plugin-sdk'
import type { AnyFormulaFunction, FieldScope, FormulaParam, FormulaValueType, ScopedField } from '@docpal/plugin-sdk'
import type { BinaryOp, Node } from './ast.ts'
import { FormulaError, type Position } from './errors.ts'

/** A node with its formula type, field references resolved and functions looked up. */
export type Typed =
  | { readonly kind: 'number'; readonly type: 'number'; readonly text: string }
  | { readonly kind: 'string'; readonly type: 'text'; readonly value: string }
  | { readonly kind: 'boolean'; readonly type: 'boolean'; readonly value: boolean }
  | { readonly kind: 'field'; readonly type: FormulaValueType; readonly field: ScopedField }
  | { readonly kind: 'unary'; readonly type: 'number'; readonly op: '-' | '+'; readonly operand: Typed }
  | { readonly kind: 'binary'; readonly type: FormulaValueType; readonly op: BinaryOp; readonly left: Typed; readonly right: Typed }
  | { readonly kind: 'call'; readonly type: FormulaValueType; readonly fn: AnyFormulaFunction; readonly args: ReadonlyArray<Typed> }

/** Where a node's text starts (a binary node's own position is its operator's). */
export function startOf(node: Node): Position {
  let n = node
  while (n.kind === 'binary') n = n.left
  return n.pos
}

const isDateLike = (t: FormulaValueType) => t === 'date' || t === 'datetime'

/** The type of `l op r`, or the reason they do not combine. */
function binaryType(op: BinaryOp, l: FormulaValueType, r: FormulaValueType): FormulaValueType | { readonly error: string } {
  const bad = (hint = '') => ({ error: `cannot apply ${op} to ${l} and ${r}${hint}` })
  switch (op) {
    case '&':
      return 'text'
    case '+':
      if (l === 'number' && r === 'number') return 'number'
      if (isDateLike(l) && r === 'number') return l
      if (l === 'number' && isDateLike(r)) return r
      return bad(l === 'text' || r === 'text' ? ' (use & to join text)' : '')
    case '-':
      if (l === 'number' && r === 'number') return 'number'
      if (isDateLike(l) && r === 'number') return l
      if (isDateLike(l) && isDateLike(r)) return 'number'
      return bad()
    case '*':
    case '/':
      return l === 'number' && r === 'number' ? 'number' : bad()
    case '=':
    case '!=':
      return commonType([l, r]) !== undefined ? 'boolean' : { error: `cannot compare ${l} with ${r}` }
    default: {
      const t = commonType([l, r])
      if (t === undefined) return { error: `cannot compare ${l} with ${r}` }
      if (t.endsWith('[]')) return { error: `cannot order ${t} values with ${op}` }
      return 'boolean'
    }
  }
}

function accepts(param: FormulaParam['type'], arg: FormulaValueType): boolean {
  if (param === 'any') return true
  const list: ReadonlyArray<FormulaValueType> = typeof param === 'string' ? [param] : param
  return list.includes(arg) || (arg === 'date' && list.includes('datetime'))
}

/** The type an argument is passed as: a date becomes a datetime where only datetimes are taken. */
export function passedType(param: FormulaParam['type'], arg: FormulaValueType): FormulaValueType {
  if (arg !== 'date' || param === 'any') return arg
  const list: ReadonlyArray<FormulaValueType> = typeof param === 'string' ? [param] : param
  return list.includes('date') ? 'date' : 'datetime'
}

/** The parameter an argument at `index` binds to (the last one repeats when variadic). */
export function paramAt(fn: AnyFormulaFunction, index: number): FormulaParam {
  // Only called for arguments the arity check let through, so a function taking none has none.
  return present(fn.params[Math.min(index, fn.params.length - 1)], `parameter ${index + 1} of ${fn.type}`)
}

function describeParam(param: FormulaParam['type']): string {
  if (param === 'any') return 'any value'
  return typeof param === 'string' ? param : param.join(' or ')
}

function arity(fn: AnyFormulaFunction): { min: number; max: number } {
  const min = fn.params.filter((p) => !p.optional).length
  return { min, max: fn.variadic ? Infinity : fn.params.length }
}

function arityText({ min, max }: { min: number; max: number }): string {
  const plural = (n: number) => (n === 1 ? 'argument' : 'arguments')
  if (max === Infinity) return `at least ${min} ${plural(min)}`
  if (min === max) return `${min} ${plural(min)}`
  return `${min} to ${max} arguments`
}

/** The message of an error thrown by the scope while resolving `{name}` (a dependency cycle). */
function scopeFailure(name: string, err: unknown): string {
  const msg = err instanceof Error ? err.message : String(err)
  return /cycle/i.test(msg) ? (/^formula cycle/i.test(msg) ? msg : `formula cycle: ${msg}`) : `field {${name}} cannot be resolved: ${msg}`
}

/** Resolves and types a parsed formula; throws FormulaError with the position of the first problem. */
/** `functions` defaults to the scope's (the kernel registry), which tests use directly. */
export function typecheck(node: Node, scope: FieldScope, functions: (name: string) => AnyFormulaFunction | undefined = (n) => scope.formulaFunction(n)): Typed {
  const visit = (n: Node): Typed => {
    switch (n.kind) {
      case 'number':
        return { kind: 'number', type: 'number', text: n.text }
      case 'string':
        return { kind: 'string', type: 'text', value: n.value }
      case 'boolean':
        return { kind: 'boolean', type: 'boolean', value: n.value }
      case 'field': {
        let field: ScopedField | undefined
        try {
          field = scope.field(n.name)
        } catch (err) {
          // A cycle already names its whole path; positions of each level would only repeat.
          if (err instanceof Error && /^formula cycle/i.test(err.message)) throw err
          throw new FormulaError(scopeFailure(n.name, err), n.pos)
        }
        if (field === undefined) throw new FormulaError(`unknown field {${n.name}}`, n.pos)
        if (field.valueType === undefined) throw new FormulaError(`field {${n.name}} cannot be used in formulas`, n.pos)
        return { kind: 'field', type: field.valueType, field }
      }
      case 'unary': {
        const operand = visit(n.operand)
        if (operand.type !== 'number') throw new FormulaError(`cannot apply unary ${n.op} to ${operand.type}`, n.pos)
        return { kind: 'unary', type: 'number', op: n.op, operand }
      }
      case 'binary': {
        const left = visit(n.left)
        const right = visit(n.right)
        const type = binaryType(n.op, left.type, right.type)
        if (typeof type !== 'string') throw new FormulaError(type.error, n.pos)
        return { kind: 'binary', type, op: n.op, left, right }
      }
      case 'call': {
        const fn = functions(n.name)
        if (fn === undefined) throw new FormulaError(`unknown function ${n.name}`, n.pos)
        const range = arity(fn)
        if (n.args.length < range.min || n.args.length > range.max) {
          throw new FormulaError(`expected ${arityText(range)} for ${n.name}, got ${n.args.length}`, n.pos)
        }
        const args = n.args.map((a, k) => {
          const typed = visit(a)
          const param = paramAt(fn, k)
          if (!accepts(param.type, typed.type)) {
            throw new FormulaError(`${n.name} expects ${describeParam(param.type)} for ${param.name}, got ${typed.type}`, startOf(a))
          }
          return typed
        })
        let result: ReturnType<AnyFormulaFunction['returns']>
        try {
          result = fn.returns(args.map((a, k) => passedType(paramAt(fn, k).type, a.type)))
        } catch (err) {
          throw new FormulaError(`${n.name}: ${err instanceof Error ? err.message : String(err)}`, n.pos)
        }
        if (typeof result !== 'string') throw new FormulaError(`${n.name}: ${result.error}`, n.pos)
        return { kind: 'call', type: result, fn, args }
      }
    }
  }
  return visit(node)
}
