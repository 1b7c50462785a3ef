import type { AnyFieldType, AnyFormulaFunction } from '@docpal/plugin-sdk'
import type { Executor } from '../db/executor.ts'
import { TableRuntime } from './table-runtime.ts'
import type { ScopeEnv } from './scope.ts'
import type { TableMeta } from './table-model.ts'
import { findTable, loadTable } from './table-repo.ts'

const MAX_GRAPH = 50

export interface Registries {
  fieldType(type: string): AnyFieldType | undefined
  formulaFunction(name: string): AnyFormulaFunction | undefined
}

/**
 * Table metadata compiled into runtimes, cached per table until any schema or plugin changes
 * (relations tie tables together, so one change can alter another table's lookups). A record
 * request costs no metadata query.
 */
export class TableCache {
  readonly #entries = new Map<string, Promise<TableRuntime>>()
  constructor(
    private readonly db: Executor,
    private readonly registries: Registries,
  ) {}

  /** The table and every table reachable through its relation fields (metadata only). */
  async graph(ex: Executor, root: TableMeta): Promise<Map<string, TableMeta>> {
    const graph = new Map<string, TableMeta>([[root.id, root]])
    const queue = [root]
    let t: TableMeta | undefined
    while (graph.size < MAX_GRAPH && (t = queue.shift())) {
      for (const c of [...t.columns, ...t.archived]) {
        const target = this.registries.fieldType(c.type)?.links?.(c.config).targetTableId
        if (!target || graph.has(target)) continue
        const meta = await findTable(ex, root.companyId, target)
        if (!meta) continue
        graph.set(target, meta)
        queue.push(meta)
      }
    }
    return graph
  }

  /** What compiling over a set of tables needs: those tables and the registries. */
  envOf(graph: ReadonlyMap<string, TableMeta>): Omit<ScopeEnv, 'userId'> {
    return { table: (id) => graph.get(id), fieldType: (t) => this.registries.fieldType(t), formulaFunction: (n) => this.registries.formulaFunction(n) }
  }

  async #build(ex: Executor, meta: TableMeta): Promise<TableRuntime> {
    const graph = await this.graph(ex, meta)
    return new TableRuntime(meta, this.envOf(graph), graph)
  }

  /** `ex`: where to read when the table is not cached (a transaction's own connection: PGlite has one). */
  async get(companyId: string, tableId: string, ex: Executor = this.db): Promise<TableRuntime> {
    let p = this.#entries.get(tableId)
    if (!p) {
      p = loadTable(ex, companyId, tableId).then((meta) => this.#build(ex, meta))
      this.#entries.set(tableId, p)
      p.catch(() => this.#entries.delete(tableId))
    }
    const rt = await p
    // The cache is keyed by table only; the company check keeps tenants apart.
    if (rt.meta.companyId !== companyId) return loadTable(ex, companyId, tableId).then((m) => this.#build(ex, m))
    return rt
  }

  /** A fresh runtime read inside a transaction (schema changes). */
  async fresh(ex: Executor, companyId: string, tableId: string): Promise<TableRuntime> {
    return this.#build(ex, await loadTable(ex, companyId, tableId))
  }

  /** Told of each invalidation (schema/table-changes.ts tells other server processes). */
  onInvalidate: ((tableId: string) => void) | undefined

  invalidate(tableId: string): void {
    this.#entries.clear()
    this.onInvalidate?.(tableId)
  }

  clear(): void {
    this.#entries.clear()
  }
}
