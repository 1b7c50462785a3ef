import type { Position } from './errors.ts'

export type BinaryOp = '+' | '-' | '*' | '/' | '&' | '=' | '!=' | '<' | '<=' | '>' | '>='

export type Node =
  | { readonly kind: 'number'; readonly text: string; readonly pos: Position }
  | { readonly kind: 'string'; readonly value: string; readonly pos: Position }
  | { readonly kind: 'boolean'; readonly value: boolean; readonly pos: Position }
  | { readonly kind: 'field'; readonly name: string; readonly pos: Position }
  | { readonly kind: 'unary'; readonly op: '-' | '+'; readonly operand: Node; readonly pos: Position }
  /** `pos` is the operator's position. */
  | { readonly kind: 'binary'; readonly op: BinaryOp; readonly left: Node; readonly right: Node; readonly pos: Position }
  /** `name` is upper-cased; `pos` is where the name starts. */
  | { readonly kind: 'call'; readonly name: string; readonly args: ReadonlyArray<Node>; readonly pos: Position }

/** Every node of a formula, parents before children, left to right (no recursion: trees are deep). */
function nodes(node: Node): Node[] {
  const stack: Node[] = [node]
  const ordered: Node[] = []
  for (let n = stack.pop(); n !== undefined; n = stack.pop()) {
    ordered.push(n)
    if (n.kind === 'unary') stack.push(n.operand)
    else if (n.kind === 'binary') stack.push(n.right, n.left)
    else if (n.kind === 'call') stack.push(...[...n.args].reverse())
  }
  return ordered
}

/** Field names referenced by a formula, in order of first use. */
export function fieldNames(node: Node): string[] {
  return [...new Set(nodes(node).flatMap((n) => (n.kind === 'field' ? [n.name] : [])))]
}

/** Functions a formula calls (upper-case), in order of first use. */
export function functionNames(node: Node): string[] {
  return [...new Set(nodes(node).flatMap((n) => (n.kind === 'call' ? [n.name] : [])))]
}
