import { sql, type SQL } from '@docpal/plugin-sdk'
import type { Actor, KernelContext } from '../context.ts'
import type { Executor } from '../db/executor.ts'
import type { BoundColumn } from '../schema/table-model.ts'
import { physicalColumn } from '../schema/table-model.ts'
import type { TableRuntime } from '../schema/table-runtime.ts'
import { ident } from '../sql/ident.ts'
import { copyValue } from './copy-text.ts'
import { idsOf, writeLinkPairs } from './link-writes.ts'
import { recordId } from './record-id.ts'
import { storedOf } from './stored/stored-of.ts'
import { afterWrite } from './write-support.ts'
import { guardWrite } from './write-guard.ts'
import { assertInEditScope } from './row-rules.ts'
import { assertLinkable } from './link-scope.ts'
import { whoValues } from '../audit/audit-log.ts'
import { auditParams } from '../audit/record-audit.ts'
import { batchedCreateInsert } from '../audit/batched-entry.ts'

/**
 * New records of one table as COPY text lines, and what must follow their COPY in the same
 * transaction: their links, the stored values those links feed, the `record.afterWrite` hooks.
 * Shared by bulk inserts (one batch) and imports (one batch per chunk).
 */
export class CopyRows {
  /** The stored columns a line carries, in order after `id, created_by`. */
  readonly columns: BoundColumn[]
  /** `<table> (id, created_by, <columns>)`: what `copyIn` writes into. */
  readonly target: SQL
  readonly ids: string[] = []
  readonly #pairs: Map<BoundColumn, { self: string[]; other: string[] }>
  // What each row wrote, for the afterWrite hooks; kept only when a hook listens.
  readonly #changed: string[][] | undefined
  readonly #user: string

  constructor(
    private readonly k: KernelContext,
    private readonly rt: TableRuntime,
    private readonly actor: Actor,
    /** What wrote the rows, for their audit entries. */
    private readonly via: 'bulk' | 'import',
  ) {
    this.columns = [...rt.byId.values()].filter((b) => b.meta.columnName && b.fieldType && !b.meta.linkSide)
    const linkCols = [...rt.byId.values()].filter((b) => b.meta.linkSide && b.fieldType)
    this.#pairs = new Map(linkCols.map((b) => [b, { self: [], other: [] }]))
    this.#changed = k.hooks.has('record.afterWrite') ? [] : undefined
    this.#user = copyValue(actor.userId)
    this.target = sql`${rt.physical} (${sql.join([sql`id`, sql`created_by`, ...this.columns.map((c) => ident(physicalColumn(c.meta)))], sql`, `)})`
  }

  /** One record's encoded values as a COPY line (with its newline); gives the record its id. */
  line(values: ReadonlyMap<BoundColumn, string | null>): string {
    const id = recordId()
    this.ids.push(id)
    if (this.#changed) this.#changed.push([...values.keys()].map((b) => b.meta.id))
    let out = id + '\t' + this.#user
    for (const c of this.columns) out += '\t' + copyValue(values.get(c) ?? null)
    for (const [b, p] of this.#pairs) {
      for (const other of idsOf(values.get(b))) {
        p.self.push(id)
        p.other.push(other)
      }
    }
    return out + '\n'
  }

  /** After the COPY, in its transaction: audit entries, links, the stored values they feed, afterWrite hooks. */
  async finish(tx: Executor): Promise<void> {
    // Anywhere before the commit: a schema change that raced the COPY refuses the whole batch.
    await guardWrite(tx, this.rt)
    for (const [b, p] of this.#pairs) {
      if (!p.self.length) continue
      await assertLinkable(this.k, this.actor, tx, b, p.other, ['records'])
      await writeLinkPairs(tx, b, p.self, p.other)
      const others = [...new Set(p.other)]
      const selves = [...new Set(p.self)]
      const src = b.meta.linkSide === 'src'
      await storedOf(this.rt).linksChanged(tx, physicalColumn(b.meta), src ? selves : others, src ? others : selves)
    }
    // After the links: the entry lists each record's links with its values.
    await this.#audit(tx)
    // A caller limited to some rows creates only rows inside them (else the whole batch rolls back).
    await assertInEditScope(tx, this.rt, this.ids, this.actor.userId, 'create')
    const changed = this.#changed
    if (changed)
      await afterWrite(
        this.k,
        this.rt,
        this.actor,
        'create',
        this.ids.map((id, i) => ({ recordId: id, changed: changed[i] ?? [] })),
      )
  }

  /** The batch's one `record.bulk_create` entry, listing every record, its values and links (audit/batched-entry.ts). */
  async #audit(tx: Executor): Promise<void> {
    if (!this.k.audit.enabled || !this.ids.length) return
    const linked = [...this.#pairs].filter(([, p]) => p.self.length).map(([b]) => b)
    await tx.query(batchedCreateInsert(auditParams(whoValues(this.actor)), this.rt, [...this.columns, ...linked], this.ids, this.via))
  }
}
