import { sql, type AnyFieldType, type AnyFormulaFunction, type FieldScope, type LinkStorage, type RelatedScope, type SQL, type ScopedField } from '@docpal/plugin-sdk'
import type { ColumnMeta, TableMeta } from './table-model.ts'
import { isSideColumn, storedTableName } from './names.ts'
import { col, ident } from '../sql/ident.ts'

/** Whether a table keeps stored values in its side table `ms_<hex>`. */
export function hasStored(meta: TableMeta): boolean {
  return meta.columns.some((c) => c.storedColumn && isSideColumn(c.storedColumn))
}

/**
 * ` left join ms_<hex> <alias>m on ...`: what a FROM over `alias` adds so stored values can be
 * read (nothing for a table without them). PostgreSQL drops the join when nothing reads from it.
 * `sideAlias`: when the values are read under another alias than `<alias>m`.
 */
export function storedJoin(meta: TableMeta, alias: string, sideAlias = `${alias}m`): SQL {
  if (!hasStored(meta)) return sql``
  const side = ident(sideAlias)
  return sql` left join ${ident(storedTableName(meta.tableName))} ${side} on ${side}.id = ${ident(alias)}.id`
}

// A stored field's value for a record without a side row: its empty value, compiled once.
const EMPTY = new WeakMap<ColumnMeta, SQL>()
const NO_OVERRIDES: ReadonlyMap<string, SQL> = new Map()

/** What a scope needs from its surroundings: the tables it can reach and the registries. */
export interface ScopeEnv {
  table(tableId: string): TableMeta | undefined
  fieldType(type: string): AnyFieldType | undefined
  formulaFunction(name: string): AnyFormulaFunction | undefined
  readonly userId: string
}

/** What a compiled fragment reads: columns per table, link tables, and anything else. */
export interface Reads {
  readonly columns: Map<string, Set<string>>
  readonly links: Array<{ table: string; self: 'src' | 'dst'; fromTableId: string }>
  /** Something beyond tables and links (the users table). */
  other: boolean
}

export function newReads(): Reads {
  return { columns: new Map(), links: [], other: false }
}

/**
 * Fresh aliases for one statement's correlated subqueries (`r1`, `l2`, ...); with `reads`, also
 * records what the statement reads (the stored-values planner's dependencies).
 */
export class AliasCounter {
  #n = 0
  constructor(readonly reads?: Reads) {}
  next(prefix: 'r' | 'l' | 'g'): string {
    return `${prefix}${++this.#n}`
  }
  read(tableId: string, column: string): void {
    if (!this.reads) return
    let set = this.reads.columns.get(tableId)
    if (!set) this.reads.columns.set(tableId, (set = new Set()))
    set.add(column)
  }
}

export class FormulaCycleError extends Error {
  constructor(readonly path: string[]) {
    super(`formula cycle: ${path.join(' -> ')}`)
  }
}

/**
 * Whether a field's definition no longer stands against its table: its own type reports config
 * issues (a field it reads was removed, a type it reads is off) or a cycle. That is the one
 * failure of building a field's SQL that reads as empty; any other is a fault to surface.
 */
export function definitionBroken(ft: AnyFieldType, c: ColumnMeta, scope: FieldScope): boolean {
  try {
    return (ft.checkConfig?.(c.config, scope) ?? []).length > 0
  } catch (err) {
    return err instanceof FormulaCycleError
  }
}

/**
 * The kernel's FieldScope over one table under one alias. Computed fields resolve recursively
 * through `field`; the stack of fields being computed turns a cycle into a FormulaCycleError.
 */
export class TableScope implements FieldScope {
  readonly tableId: string
  readonly rowId: SQL
  readonly userId: string
  readonly #byName = new Map<string, ColumnMeta>()
  readonly #byId = new Map<string, ColumnMeta>()
  readonly self: { readonly id: string; readonly name: string } | undefined

  constructor(
    readonly meta: TableMeta,
    readonly alias: string,
    private readonly env: ScopeEnv,
    private readonly aliases: AliasCounter,
    private readonly stack: ReadonlyArray<{ key: string; name: string }> = [],
    columns: ReadonlyArray<ColumnMeta> = meta.columns,
    /** Expressions that replace a field's own (a grouped aggregate joined once per statement). */
    private readonly overrides: ReadonlyMap<string, SQL> = NO_OVERRIDES,
    self?: { readonly id: string; readonly name: string },
  ) {
    this.tableId = meta.id
    this.rowId = sql`${ident(alias)}.id`
    this.userId = env.userId
    this.self = self
    for (const c of columns) {
      this.#byName.set(c.name, c)
      this.#byId.set(c.id, c)
    }
  }

  /** The same scope (same aliases), reading the listed fields from the given expressions. */
  withOverrides(overrides: ReadonlyMap<string, SQL>): TableScope {
    return new TableScope(this.meta, this.alias, this.env, this.aliases, this.stack, [...this.#byId.values()], overrides, this.self)
  }

  column(ref: string): ColumnMeta | undefined {
    return this.#byName.get(ref) ?? this.#byId.get(ref)
  }

  field(ref: string): ScopedField | undefined {
    const c = this.column(ref)
    if (!c) return undefined
    const ft = this.env.fieldType(c.type)
    if (!ft) return undefined
    const key = `${this.tableId}:${c.id}`
    const at = this.stack.findIndex((s) => s.key === key)
    if (at >= 0) throw new FormulaCycleError([...this.stack.slice(at).map((s) => s.name), c.name])
    const inner = new TableScope(this.meta, this.alias, this.env, this.aliases, [...this.stack, { key, name: c.name }], [...this.#byId.values()], this.overrides)
    const raw = inner.valueOf(c, ft)
    const expr = ft.formulaValue ? ft.formulaValue(c.config, raw) : raw
    return { id: c.id, name: c.name, type: c.type, config: c.config, fieldType: ft, expr, valueType: ft.valueType ? ft.valueType(c.config, inner) : ft.formulaType }
  }

  /** A column's value expression: its physical column, or what its field type computes. */
  valueOf(c: ColumnMeta, ft: AnyFieldType | undefined): SQL {
    const o = this.overrides.get(c.id)
    if (o) return o
    if (c.storedColumn) {
      this.aliases.read(this.meta.id, c.storedColumn)
      if (!isSideColumn(c.storedColumn)) return col(c.storedColumn, this.alias)
      return sql`coalesce(${col(c.storedColumn, `${this.alias}m`)}, ${this.#emptyOf(c, ft)})`
    }
    if (ft?.expression) {
      try {
        return ft.expression(c.config, this.at(c))
      } catch (err) {
        if (err instanceof FormulaCycleError) throw err
        // A definition that no longer compiles (a field it reads was removed, or its type's plugin
        // is off) reads as empty rather than failing every page of the table. Anything else is a
        // fault of the field type or of the kernel, and must surface.
        if (definitionBroken(ft, c, this.at(c))) return sql`null`
        throw err
      }
    }
    if (c.columnName && !c.linkSide) {
      this.aliases.read(this.meta.id, c.columnName)
      return col(c.columnName, this.alias)
    }
    return sql`null`
  }

  #emptyOf(c: ColumnMeta, ft: AnyFieldType | undefined): SQL {
    let e = EMPTY.get(c)
    if (!e) {
      // A scope of its own: compiling this must not count as reading what the field reads.
      const quiet = new TableScope(this.meta, this.alias, this.env, new AliasCounter())
      try {
        e = ft?.grouped?.(c.config, quiet.at(c))?.empty ?? sql`null`
      } catch (err) {
        if (!ft || !definitionBroken(ft, c, quiet.at(c))) throw err
        e = sql`null`
      }
      EMPTY.set(c, e)
    }
    return e
  }

  /** The same scope, building SQL for column `c` (its `self`). */
  at(c: { id: string; name: string }): TableScope {
    return new TableScope(this.meta, this.alias, this.env, this.aliases, this.stack, [...this.#byId.values()], this.overrides, { id: c.id, name: c.name })
  }

  columns(): ReadonlyArray<{ id: string; name: string; type: string }> {
    return [...this.#byId.values()].map((c) => ({ id: c.id, name: c.name, type: c.type }))
  }

  users() {
    if (this.aliases.reads) this.aliases.reads.other = true
    const a = ident(this.aliases.next('r'))
    // The table's company's members only: a user field never shows or accepts another company's people.
    const u = ident(this.aliases.next('r'))
    const m = ident(this.aliases.next('r'))
    const members = sql`(select ${u}.${ident('id')}, ${u}.${ident('name')}, ${u}.${ident('avatar')}, ${u}.${ident('email')}, ${m}.${ident('role')} from ${ident('users')} ${u} join ${ident('company_members')} ${m} on ${m}.${ident('user_id')} = ${u}.${ident('id')} where ${m}.${ident('company_id')} = ${this.meta.companyId}::uuid)`
    return { from: sql`${members} ${a}`, id: sql`${a}.id`, name: sql`${a}.name`, avatar: sql`${a}.avatar`, email: sql`${a}.email`, role: sql`${a}.role` }
  }

  /** A fresh alias for a join of this statement (grouped aggregates). */
  nextAlias(): string {
    return this.aliases.next('g')
  }

  formulaFunction(name: string): AnyFormulaFunction | undefined {
    return this.env.formulaFunction(name.toUpperCase())
  }

  related(tableId: string): RelatedScope | undefined {
    const meta = this.env.table(tableId)
    if (!meta || meta.companyId !== this.meta.companyId) return undefined
    const alias = this.aliases.next('r')
    const scope = new TableScope(meta, alias, this.env, this.aliases, this.stack)
    const join = storedJoin(meta, alias)
    return Object.assign(scope, { from: hasStored(meta) ? sql`(${ident(meta.tableName)} ${ident(alias)}${join})` : sql`${ident(meta.tableName)} ${ident(alias)}` })
  }

  links(fieldId: string): LinkStorage | undefined {
    const c = this.#byId.get(fieldId) ?? this.#byName.get(fieldId)
    if (!c?.columnName || !c.linkSide) return undefined
    const ft = this.env.fieldType(c.type)
    const target = ft?.links?.(c.config).targetTableId
    if (!target) return undefined
    this.aliases.reads?.links.push({ table: c.columnName, self: c.linkSide, fromTableId: this.meta.id })
    const alias = this.aliases.next('l')
    const a = ident(alias)
    const [self, other] = c.linkSide === 'src' ? [sql`${a}.src`, sql`${a}.dst`] : [sql`${a}.dst`, sql`${a}.src`]
    return { from: sql`${ident(c.columnName)} ${a}`, self, other, targetTableId: target }
  }
}
