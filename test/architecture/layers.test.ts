import { existsSync, readdirSync, readFileSync } from 'node:fs'
import { dirname, join, relative, resolve, sep } from 'node:path'
import { fileURLToPath } from 'node:url'
import ts from 'typescript'
import { describe, expect, it } from 'vitest'

/**
 * The kernel's layers (docs/architecture.md), lowest first. A folder of kernel/src (or a file at
 * its root, named without `.ts`) may import its own layer and the layers below, never above; and
 * no two folders may import each other, even within a layer. Type-only imports count: they are
 * dependencies of the design as much as of the runtime.
 */
const LAYERS: ReadonlyArray<ReadonlyArray<string>> = [
  ['errors', 'phrasebooks', 'sql', 'validation', 'validation-messages', 'logger'], // foundations: error codes and their wording, identifiers, parsing, logs
  ['db'], // drivers, executor, drizzle tables, migrations
  ['container'], // typed service refs over tsyringe, each plugin's child container
  ['events', 'hooks'], // the event bus and the hook registry
  ['schema'], // table model, scope, runtime, physical names, table metadata reads and cache
  ['query', 'layouts'], // parse -> resolve -> compile; generated layouts
  ['plugins'], // the plugin manager and its registries
  ['audit'], // the audit log: entries written with their change, the log's reads and retention
  ['permissions'], // permission rules, and each caller's restricted view of a table
  ['context'], // what services are given (KernelContext, Actor)
  ['ddl'], // schema plans and their application
  ['records'], // record reads and writes, stored values
  ['metadata', 'accounts'], // apps, folders, tables, views, users services; accounts, companies, sessions, tokens
  ['workflows'], // workflow definitions, the outbox dispatcher, the durable runner, tasks
  ['contributions'], // widgets and workflow steps, over the services
  ['di', 'kernel', 'index'], // wiring and the package's exports
]

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..')
const KERNEL = join(ROOT, 'kernel/src')

function sourceFiles(dir: string, test = (f: string) => /\.tsx?$/.test(f) && !/\.test\.tsx?$/.test(f)): string[] {
  const out: string[] = []
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    if (e.name === 'node_modules') continue
    const p = join(dir, e.name)
    if (e.isDirectory()) out.push(...sourceFiles(p, test))
    else if (test(e.name)) out.push(p)
  }
  return out
}

/** Every import, export-from and dynamic import specifier of a file (the compiler's own scanner). */
function specifiers(file: string): string[] {
  return ts.preProcessFile(readFileSync(file, 'utf8'), true, true).importedFiles.map((f) => f.fileName)
}

/** kernel/src/<folder>/... -> folder; kernel/src/<file>.ts -> file */
function unitOf(file: string): string {
  const [first, ...rest] = relative(KERNEL, file).split(sep)
  return rest.length ? first! : first!.replace(/\.tsx?$/, '')
}

/** Edges between units (folders or packages), each with one file-level example. */
type Graph = Map<string, Map<string, string>>

function addEdge(g: Graph, from: string, to: string, example: string): void {
  if (from === to) return
  let m = g.get(from)
  if (!m) g.set(from, (m = new Map()))
  if (!m.has(to)) m.set(to, example)
}

/** The cycles of a graph, one per strongly connected component of more than one unit (Tarjan). */
function cycles(g: Graph): string[][] {
  const index = new Map<string, number>()
  const low = new Map<string, number>()
  const stack: string[] = []
  const on = new Set<string>()
  const out: string[][] = []
  let n = 0
  const visit = (v: string): void => {
    index.set(v, n)
    low.set(v, n++)
    stack.push(v)
    on.add(v)
    for (const w of g.get(v)?.keys() ?? []) {
      if (!index.has(w)) {
        visit(w)
        low.set(v, Math.min(low.get(v)!, low.get(w)!))
      } else if (on.has(w)) low.set(v, Math.min(low.get(v)!, index.get(w)!))
    }
    if (low.get(v) === index.get(v)) {
      const scc: string[] = []
      let w: string
      do {
        w = stack.pop()!
        on.delete(w)
        scc.push(w)
      } while (w !== v)
      if (scc.length > 1) out.push(scc.sort())
    }
  }
  for (const v of g.keys()) if (!index.has(v)) visit(v)
  return out
}

/** Each edge of a cycle, with the file import that makes it, so a failure says what to move. */
function explain(g: Graph, scc: string[]): string {
  const members = new Set(scc)
  const edges: string[] = []
  for (const a of scc) for (const [b, ex] of g.get(a) ?? []) if (members.has(b)) edges.push(`${a} -> ${b} (${ex})`)
  return edges.join('; ')
}

function kernelGraph(): Graph {
  const g: Graph = new Map()
  for (const file of sourceFiles(KERNEL)) {
    for (const s of specifiers(file)) {
      if (!s.startsWith('.')) continue
      const target = resolve(dirname(file), s)
      if (!target.startsWith(KERNEL + sep) || !existsSync(target)) continue
      addEdge(g, unitOf(file), unitOf(target), `${relative(ROOT, file)} imports ${s}`)
    }
  }
  return g
}

describe('kernel layers', () => {
  const level = new Map(LAYERS.flatMap((names, i) => names.map((n) => [n, i] as const)))
  const g = kernelGraph()

  it('places every kernel folder in a layer', () => {
    const units = new Set(sourceFiles(KERNEL).map(unitOf))
    expect([...units].filter((u) => !level.has(u)).sort()).toEqual([])
  })

  it('has no import cycle between kernel folders', () => {
    expect(cycles(g).map((c) => explain(g, c))).toEqual([])
  })

  it('imports only downward (or within a layer)', () => {
    const upward: string[] = []
    for (const [from, tos] of g) {
      for (const [to, example] of tos) if ((level.get(to) ?? -1) > (level.get(from) ?? -1)) upward.push(`${from} -> ${to}: ${example}`)
    }
    expect(upward).toEqual([])
  })

  it('finds the cycles it is meant to find', () => {
    const fake: Graph = new Map()
    addEdge(fake, 'records', 'query', 'a')
    addEdge(fake, 'query', 'schema', 'b')
    addEdge(fake, 'schema', 'records', 'c')
    expect(cycles(fake)).toEqual([['query', 'records', 'schema']])
  })
})

/** Workspace packages: name -> folder. */
function workspacePackages(): Map<string, string> {
  const out = new Map<string, string>()
  const globs = readFileSync(join(ROOT, 'pnpm-workspace.yaml'), 'utf8')
    .split('\n')
    .flatMap((l) => /^\s+-\s+(\S+)\s*$/.exec(l)?.[1] ?? [])
  for (const pattern of globs) {
    const dirs = pattern.endsWith('/*')
      ? readdirSync(join(ROOT, pattern.slice(0, -2)), { withFileTypes: true })
          .filter((e) => e.isDirectory())
          .map((e) => join(pattern.slice(0, -2), e.name))
      : [pattern]
    for (const d of dirs) {
      const pkg = join(ROOT, d, 'package.json')
      if (existsSync(pkg)) out.set((JSON.parse(readFileSync(pkg, 'utf8')) as { name: string }).name, join(ROOT, d))
    }
  }
  return out
}

describe('packages', () => {
  it('no package cycles', () => {
    const packages = workspacePackages()
    const g: Graph = new Map()
    for (const [name, dir] of packages) {
      const src = join(dir, 'src')
      if (!existsSync(src)) continue
      for (const file of sourceFiles(src)) {
        for (const s of specifiers(file)) {
          const target = [...packages.keys()].find((p) => s === p || s.startsWith(p + '/'))
          if (target) addEdge(g, name, target, `${relative(ROOT, file)} imports ${s}`)
        }
      }
    }
    expect(cycles(g).map((c) => explain(g, c))).toEqual([])
  })
})
