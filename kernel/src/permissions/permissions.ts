import type { FilterNode } from '@docpal/plugin-sdk'
import type { Database, Executor } from '../db/executor.ts'
import { GenerationCatchUp } from '../db/generation-catch-up.ts'
import { codes } from '../errors/codes.ts'
import type { Logger } from '../logger.ts'
import type { TableMeta } from '../schema/table-model.ts'
import { TableRuntime } from '../schema/table-runtime.ts'
import { hiddenWithDependents } from './hidden-columns.ts'
import { FULL_ACCESS, MEMBER_DEFAULT, matches, mergeRules, type Action, type Grantee, type PermissionRule, type TableAccess } from './permission-model.ts'
import { PERMISSIONS_CHANNEL, loadRules } from './rules-store.ts'

type CompanyRules = ReadonlyMap<string, ReadonlyArray<PermissionRule>>

/** Restricted runtimes kept per table runtime (callers with the same rules and id share one). */
const MAX_RESTRICTED_PER_TABLE = 500

/** Owners and admins are never restricted (they could lift any rule anyway). */
export function bypasses(role: string): boolean {
  return role === 'owner' || role === 'admin'
}

/**
 * The permission rules of every company, cached, and what they make of a table for one caller: a
 * runtime without the columns they may not see, refusing writes to read-only ones, carrying
 * their row rules so every compiled statement over it includes them. Rules are read once per
 * company until one changes (here, or in another server process: `pg_notify` at commit).
 */
export class Permissions {
  readonly #rules = new Map<string, Promise<CompanyRules>>()
  readonly #restricted = new WeakMap<TableRuntime, Map<string, TableRuntime>>()
  /** Per company: how many times its rules changed (part of a restricted runtime's cache key). */
  readonly #generation = new Map<string, number>()

  constructor(
    private readonly db: Database,
    private readonly logger: Logger,
  ) {}

  /** Follows other processes' changes (PostgreSQL only: PGlite has one process). */
  async listen(): Promise<void> {
    await this.db.listen?.(PERMISSIONS_CHANNEL, (companyId) => this.invalidate(companyId))
  }

  readonly #catchUp = new GenerationCatchUp(() => {
    this.invalidateAll()
    return Promise.resolve()
  })

  /** Resolves once the rules here are as new as `permission_rules_generation` = `n` (read by a request after it arrived). */
  rulesAtLeast(n: number): Promise<void> {
    return this.#catchUp.atLeast(n)
  }

  /** Every company's rules read again on next use. */
  invalidateAll(): void {
    for (const id of new Set([...this.#rules.keys(), ...this.#generation.keys()])) this.invalidate(id)
  }

  invalidate(companyId: string): void {
    this.#rules.delete(companyId)
    // Restricted runtimes depend on related tables' rules too (hidden lookups): a change anywhere
    // in the company gives every caller a fresh one.
    this.#generation.set(companyId, (this.#generation.get(companyId) ?? 0) + 1)
  }

  /** `ex`: where to read when not cached (inside a transaction, its connection: PGlite has one). */
  rules(companyId: string, ex: Executor = this.db): Promise<CompanyRules> {
    let p = this.#rules.get(companyId)
    if (!p) {
      p = loadRules(ex, companyId)
      this.#rules.set(companyId, p)
      p.catch(() => this.#rules.delete(companyId))
    }
    return p
  }

  /** Rules saved on a resource (`table`, `app`, `view`), in order. */
  async of(companyId: string, type: 'app' | 'table' | 'view', id: string): Promise<ReadonlyArray<PermissionRule>> {
    return (await this.rules(companyId)).get(`${type}:${id}`) ?? []
  }

  /** What `who` may do with a table: its own rules, else its app's, else the member default. */
  async tableAccess(who: Grantee | undefined, meta: Pick<TableMeta, 'id' | 'appId' | 'companyId'>, ex: Executor = this.db): Promise<TableAccess> {
    if (!who || bypasses(who.role)) return FULL_ACCESS
    const rules = await this.rules(meta.companyId, ex)
    const own = rules.get(`table:${meta.id}`) ?? rules.get(`app:${meta.appId}`)
    if (!own?.length) return MEMBER_DEFAULT
    return mergeRules(own.filter((r) => matches(r, who)))
  }

  /** The actions `who` has on an app (its rules; none: the member default). */
  async appActions(who: Grantee | undefined, companyId: string, appId: string): Promise<ReadonlySet<Action>> {
    if (!who || bypasses(who.role)) return FULL_ACCESS.actions
    const rules = (await this.rules(companyId)).get(`app:${appId}`)
    if (!rules?.length) return MEMBER_DEFAULT.actions
    return mergeRules(rules.filter((r) => matches(r, who))).actions
  }

  /**
   * The actions `who` has on a view (`view` undefined: a view to create on `table`): its own rules
   * if it has any, else `view` as they have it on the table, and `manage` as they have it there,
   * or by default where no rule speaks (members made and changed views before rules existed).
   */
  async viewActions(
    who: Grantee | undefined,
    view: { id: string; companyId: string } | undefined,
    table: Pick<TableMeta, 'id' | 'appId' | 'companyId'>,
  ): Promise<ReadonlySet<Action>> {
    if (!who || bypasses(who.role)) return new Set<Action>(['view', 'manage'])
    const onTable = await this.tableAccess(who, table)
    const canSee = onTable.actions.has('view')
    const own = view ? (await this.rules(view.companyId)).get(`view:${view.id}`) : undefined
    if (own?.length) {
      const granted = mergeRules(own.filter((r) => matches(r, who))).actions
      // A view shows its table's records: seeing it needs the table's `view` as well.
      return new Set<Action>([...(granted.has('view') && canSee ? ['view' as const] : []), ...(granted.has('manage') ? ['manage' as const] : [])])
    }
    const manage = onTable === MEMBER_DEFAULT || onTable.actions.has('manage')
    return new Set<Action>([...(canSee ? ['view' as const] : []), ...(manage ? ['manage' as const] : [])])
  }

  /**
   * `rt` as `who` may use it for `action` (refused with 403 without the action): the runtime
   * itself when nothing restricts them, else a restricted runtime (cached per rules and caller).
   */
  async restrict(who: Grantee | undefined, rt: TableRuntime, action: Action, ex: Executor = this.db): Promise<TableRuntime> {
    const access = await this.tableAccess(who, rt.meta, ex)
    if (!access.actions.has(action)) throw codes.KRN_ERR_PERMISSION_DENIED(verb(action), `records of table '${rt.meta.name}'`)
    if (!who || access.unrestricted || rt.restriction) return rt
    const key = `${this.#generation.get(rt.meta.companyId) ?? 0}|${who.userId}|${access.ruleIds.join(',')}`
    let byKey = this.#restricted.get(rt)
    if (!byKey) this.#restricted.set(rt, (byKey = new Map<string, TableRuntime>()))
    const cached = byKey.get(key)
    if (cached) return cached
    const hiddenOn = await this.#hiddenElsewhere(who, rt, ex)
    // No rule of its own and nothing hidden on related tables: the table as it is (remembered).
    if (access.ruleIds.length === 0 && hiddenOn.size === 0) {
      byKey.set(key, rt)
      return rt
    }
    const hidden = access.hidden.size || hiddenOn.size ? hiddenWithDependents(rt, access.hidden, (id) => hiddenOn.get(id) ?? NONE, this.logger) : access.hidden
    const rows = {
      read: this.#standing(rt, access.rows.read),
      create: this.#standing(rt, access.rows.create),
      edit: this.#standing(rt, access.rows.edit),
      delete: this.#standing(rt, access.rows.delete),
    }
    const restricted = new TableRuntime(rt.meta, rt.env, rt.graph, { full: rt, userId: who.userId, hidden, readOnly: access.readOnly, rows })
    if (byKey.size >= MAX_RESTRICTED_PER_TABLE) byKey.delete(byKey.keys().next().value ?? '')
    byKey.set(key, restricted)
    return restricted
  }

  /**
   * A row rule whose columns all still exist, else one that admits no row (fail closed: a rule
   * naming a removed column must not widen access, nor fail every request with its id).
   */
  #standing(rt: TableRuntime, node: FilterNode | undefined): FilterNode | undefined {
    if (!node) return undefined
    const missing = fieldsOf(node).find((f) => {
      try {
        rt.field(f, ['rule'])
        return false
      } catch {
        return true
      }
    })
    if (missing === undefined) return node
    this.logger.warn('permissions: a row rule names a column that no longer exists; it admits no row until it is fixed', { tableId: rt.meta.id, column: missing })
    return NO_ROW
  }

  /** The caller's hidden columns on the tables `rt` reaches through relations (lookups of them are hidden). */
  async #hiddenElsewhere(who: Grantee, rt: TableRuntime, ex: Executor): Promise<Map<string, ReadonlySet<string>>> {
    const out = new Map<string, ReadonlySet<string>>()
    for (const meta of rt.graph.values()) {
      if (meta.id === rt.meta.id) continue
      const access = await this.tableAccess(who, meta, ex)
      if (!access.actions.has('view')) out.set(meta.id, new Set(meta.columns.map((c) => c.id)))
      else if (access.hidden.size) out.set(meta.id, access.hidden)
    }
    return out
  }
}

const NONE: ReadonlySet<string> = new Set()
const NO_ROW: FilterNode = Object.freeze({ kind: 'or', children: Object.freeze([]) })

function fieldsOf(node: FilterNode): string[] {
  if (node.kind === 'and' || node.kind === 'or') return node.children.flatMap(fieldsOf)
  return node.kind === 'condition' ? [node.field] : []
}

export function verb(action: Action): string {
  return action === 'view' ? 'read' : action
}
