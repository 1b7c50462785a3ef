import type { AnyFieldType } from '@docpal/plugin-sdk'
import type { Executor } from '../db/executor.ts'
import { TableRuntime } from '../records/table-runtime.ts'
import { loadTable } from './table-repo.ts'

/**
 * Table metadata compiled into runtimes, cached per table until its schema changes or a plugin
 * is enabled or disabled. A record request costs no metadata query.
 */
export class TableCache {
  readonly #entries = new Map<string, Promise<TableRuntime>>()
  constructor(
    private readonly db: Executor,
    private readonly fieldType: (type: string) => AnyFieldType | undefined,
  ) {}

  async get(companyId: string, tableId: string): Promise<TableRuntime> {
    let p = this.#entries.get(tableId)
    if (!p) {
      p = loadTable(this.db, companyId, tableId).then((meta) => new TableRuntime(meta, this.fieldType))
      this.#entries.set(tableId, p)
      p.catch(() => this.#entries.delete(tableId))
    }
    const rt = await p
    // The cache is keyed by table only; the company check keeps tenants apart.
    if (rt.meta.companyId !== companyId) return loadTable(this.db, companyId, tableId).then((m) => new TableRuntime(m, this.fieldType))
    return rt
  }

  /** A fresh runtime read inside a transaction (schema changes). */
  async fresh(ex: Executor, companyId: string, tableId: string): Promise<TableRuntime> {
    return new TableRuntime(await loadTable(ex, companyId, tableId), this.fieldType)
  }

  invalidate(tableId: string): void {
    this.#entries.delete(tableId)
  }

  clear(): void {
    this.#entries.clear()
  }
}
