import { sql, type SQL, type AnyFieldType, type ErrorPath, type FilterNode, type TableInfo } from '@docpal/plugin-sdk'
import type { z } from 'zod'
import { codes } from '../errors/codes.ts'
import { col, ident } from '../sql/ident.ts'
import type { BoundColumn, ColumnMeta, TableMeta } from './table-model.ts'
import { SYSTEM_FIELD_COLUMNS } from './system-fields.ts'
import { parseOrThrow } from '../validation.ts'
import { StatementCache } from '../db/statement-cache.ts'
import { AliasCounter, TableScope, hasStored, storedJoin, type ScopeEnv } from './scope.ts'
import { physicalColumn } from './table-model.ts'
import { present } from '../errors/present.ts'
import { recordRefused } from '../phrasebooks/messages.ts'
import { refusalOf, refuse, withEveryRefusal } from './refusals.ts'
import type { DocPalError } from '@docpal/plugin-sdk'

export type KeyBy = 'name' | 'id'
/**
 * How cells are answered: `id` the stored value (option ids), `label` what a person reads where
 * the field type has such a form (its `formulaValue`: a select's option labels).
 */
export type CellFormat = 'id' | 'label'

/**
 * A field reference bound to its table: what the query compiler needs to build its SQL, with
 * no SQL built yet. Bound once per column and table version, frozen.
 */
export interface FieldBinding {
  /** Column id, or the system field name. */
  readonly key: string
  readonly label: string
  readonly fieldType: AnyFieldType
  readonly config: unknown
  /** The column; undefined for a system field. */
  readonly column: ColumnMeta | undefined
  /** A system field's physical column. */
  readonly systemColumn: string | undefined
}

const SYSTEM_BINDINGS: ReadonlyMap<string, FieldBinding> = new Map(
  Object.entries(SYSTEM_FIELD_COLUMNS).map(([name, s]) => [
    name,
    Object.freeze({ key: name, label: name, fieldType: s.type, config: Object.freeze({}), column: undefined, systemColumn: s.column }),
  ]),
)

/** The SQL value of a bound field in a scope: its system column, or what the scope reads for the column. */
export function valueOf(f: FieldBinding, scope: TableScope): SQL {
  return f.column ? scope.valueOf(f.column, f.fieldType) : col(present(f.systemColumn, `the column of system field '${f.key}'`))
}

/**
 * What a caller's permissions take away from a table (issue 17): columns that do not exist for
 * them, columns they may not write, and the rows they may read, edit and delete (filters over
 * the whole table, `full`: a rule may test a column the caller cannot see).
 */
export interface Restriction {
  readonly full: TableRuntime
  /** The caller the runtime was built for (row rules compare with them). */
  readonly userId: string
  readonly hidden: ReadonlySet<string>
  readonly readOnly: ReadonlySet<string>
  readonly rows: {
    readonly read: FilterNode | undefined
    readonly create: FilterNode | undefined
    readonly edit: FilterNode | undefined
    readonly delete: FilterNode | undefined
  }
}

// json_build_object takes at most 100 arguments, so wide tables are built from chunks.
const JSON_CHUNK = 50
const ISO_UTC = sql`'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'`

/**
 * Everything the record paths need about one table version, computed once and cached: name and
 * id lookups, per-column input schemas, and the SQL expression that renders a row as API JSON.
 */
export class TableRuntime {
  readonly byName = new Map<string, BoundColumn>()
  readonly byId = new Map<string, BoundColumn>()
  readonly #inputs = new Map<string, z.ZodType>()
  readonly #json = new Map<string, SQL>()
  #info: TableInfo | undefined
  /** Compiled statements of this table version (dropped with the runtime on a schema change). */
  readonly statements = new StatementCache()

  readonly #bindings = new Map<string, FieldBinding>()
  /** The columns the caller sees, in display order: every active column unless restricted. */
  readonly columns: ReadonlyArray<ColumnMeta>

  constructor(
    readonly meta: TableMeta,
    /** What scopes over this table reach: related tables and the registries. */
    readonly env: Omit<ScopeEnv, 'userId'>,
    /** This table and the tables reachable through its relations. */
    readonly graph: ReadonlyMap<string, TableMeta> = new Map([[meta.id, meta]]),
    /** A caller's permissions (undefined: the whole table). Scopes still see every column. */
    readonly restriction?: Restriction,
  ) {
    const hidden = restriction?.hidden
    this.columns = hidden?.size ? meta.columns.filter((c) => !hidden.has(c.id)) : meta.columns
    for (const m of this.columns) {
      const bound = { meta: m, fieldType: env.fieldType(m.type) }
      this.byName.set(m.name, bound)
      this.byId.set(m.id, bound)
    }
  }

  /** What hooks and view types see of the table. */
  get info(): TableInfo {
    this.#info ??= { id: this.meta.id, name: this.meta.name, columns: this.columns.map((c) => ({ id: c.id, name: c.name, type: c.type, config: c.config })) }
    return this.#info
  }

  /** A scope over this table's rows (alias `t`) for one statement, acting for `userId`. */
  scope(userId = ''): TableScope {
    return new TableScope(this.meta, 't', { ...this.env, userId }, new AliasCounter())
  }

  get physical(): SQL {
    return ident(this.meta.tableName)
  }

  /** Appended after `<physical> t` in a FROM: the side table of stored values, when there is one. */
  get storedJoin(): SQL {
    return storedJoin(this.meta, 't')
  }

  /** `select <record json> as r` of the record whose id `id` gives; `both`: also `l`, the same with values as labels. */
  selectJson(keyBy: KeyBy, id: SQL, format: CellFormat | 'both' = 'id'): SQL {
    const json = (f: CellFormat) => sql`(${this.recordJson(keyBy, undefined, undefined, f)})::text`
    const list = format === 'both' ? sql`${json('id')} as r, ${json('label')} as l` : sql`${json(format)} as r`
    return sql`select ${list} from ${this.physical} t${this.storedJoin} where t.id = ${id}`
  }

  /**
   * `<write> returning <record json>`: the written row as the API answers it. With stored values
   * the row is read through a CTE so it can be joined to its side table (RETURNING cannot join).
   */
  returningJson(write: SQL, keyBy: KeyBy): SQL {
    if (!hasStored(this.meta)) return sql`${write} returning (${this.recordJson(keyBy)})::text as r`
    return sql`with t as (${write} returning *) select (${this.recordJson(keyBy)})::text as r from t${this.storedJoin}`
  }

  /** Column name or id (or a system field) bound to its field type; unknown is a 400. */
  field(ref: string, path: ErrorPath): FieldBinding {
    const system = SYSTEM_BINDINGS.get(ref)
    if (system) return system
    const bound = this.byName.get(ref) ?? this.byId.get(ref)
    if (!bound) throw codes.KRN_ERR_QUERY_UNKNOWN_FIELD(ref, { path })
    let b = this.#bindings.get(bound.meta.id)
    if (!b) {
      const c = bound.meta
      b = Object.freeze({ key: c.id, label: c.name, fieldType: this.#typeOf(bound, path), config: c.config, column: c, systemColumn: undefined })
      this.#bindings.set(c.id, b)
    }
    return b
  }

  #typeOf(bound: BoundColumn, path: ErrorPath): AnyFieldType {
    if (!bound.fieldType) throw codes.KRN_ERR_FIELD_TYPE_UNAVAILABLE(bound.meta.name, bound.meta.type, { path })
    return bound.fieldType
  }

  /** `json_build_object(...)` of a row of alias `t`, fields keyed by name or id, cells in `format`. */
  recordJson(keyBy: KeyBy, only?: ReadonlyArray<string>, scope?: TableScope, format: CellFormat = 'id'): SQL {
    if (scope) {
      const set = only ? new Set(only) : undefined
      return this.#buildJson(keyBy, set ? this.columns.filter((c) => set.has(c.id)) : this.columns, scope, format)
    }
    if (!only) {
      const key = `${keyBy}|${format}`
      let cached = this.#json.get(key)
      if (!cached) this.#json.set(key, (cached = this.#buildJson(keyBy, this.columns, this.scope(this.restriction?.userId), format)))
      return cached
    }
    const set = new Set(only)
    return this.#buildJson(
      keyBy,
      this.columns.filter((c) => set.has(c.id)),
      this.scope(this.restriction?.userId),
      format,
    )
  }

  #buildJson(keyBy: KeyBy, columns: ReadonlyArray<ColumnMeta>, scope: TableScope = this.scope(), format: CellFormat = 'id'): SQL {
    const pairs: SQL[] = []
    for (const c of columns) {
      const value = this.cell(c, scope, format)
      if (value) pairs.push(sql`${keyBy === 'id' ? c.id : c.name}::text, ${value}`)
    }
    let fields: SQL
    if (pairs.length === 0) fields = sql`json_build_object()`
    else if (pairs.length <= JSON_CHUNK) fields = sql`json_build_object(${sql.join(pairs, sql`, `)})`
    else {
      const chunks: SQL[] = []
      for (let i = 0; i < pairs.length; i += JSON_CHUNK) chunks.push(sql`jsonb_build_object(${sql.join(pairs.slice(i, i + JSON_CHUNK), sql`, `)})`)
      fields = sql`(${sql.join(chunks, sql` || `)})::json`
    }
    return sql`json_build_object('id', t.id, 'createdAt', to_char(t.created_at at time zone 'UTC', ${ISO_UTC}), 'updatedAt', to_char(t.updated_at at time zone 'UTC', ${ISO_UTC}), 'createdBy', t.created_by, 'fields', ${fields})`
  }

  /**
   * The JSON value of one column of a row of alias `t`, as the API answers it (cells in `format`);
   * undefined for a column that has no value to show (a link side whose field type is not loaded).
   */
  cell(c: ColumnMeta, scope: TableScope, format: CellFormat = 'id'): SQL | undefined {
    const ft = this.byId.get(c.id)?.fieldType
    if (!ft && (!c.columnName || c.linkSide)) return undefined
    const expr = ft ? scope.valueOf(c, ft) : col(physicalColumn(c))
    if (format === 'label' && ft?.formulaValue) return ft.formulaValue(c.config, expr)
    return ft?.toJson ? ft.toJson(expr, c.config, scope.at(c)) : expr
  }

  #input(bound: BoundColumn, ft: AnyFieldType): z.ZodType {
    let s = this.#inputs.get(bound.meta.id)
    if (!s) this.#inputs.set(bound.meta.id, (s = present(ft.input?.(bound.meta.config), `the input schema of field '${bound.meta.name}'`)))
    return s
  }

  /**
   * Validates API values (keyed by name or id) and encodes them to PostgreSQL text, keyed by
   * column id. `replace` and `create` check required columns; `patch` checks only what is sent.
   * A refusal names every refused column at once (`details.fields`, refusals.ts), so a form shows
   * all its errors after one save.
   */
  encodeValues(input: unknown, keyBy: KeyBy, mode: 'create' | 'patch' | 'replace', path: ErrorPath): Map<BoundColumn, string | null> {
    try {
      return this.#encode(input, keyBy, mode, path)
    } catch (err) {
      throw withEveryRefusal(err, (refused) => this.#encode(input, keyBy, mode, path, refused))
    }
  }

  /** The work of `encodeValues`: throws at the first refusal, or with `refused` collects them all and goes on. */
  #encode(input: unknown, keyBy: KeyBy, mode: 'create' | 'patch' | 'replace', path: ErrorPath, refused?: DocPalError[]): Map<BoundColumn, string | null> {
    if (input === null || typeof input !== 'object' || Array.isArray(input)) {
      throw recordRefused('record.notObject', {}, path)
    }
    const out = new Map<BoundColumn, string | null>()
    const lookup = keyBy === 'id' ? this.byId : this.byName
    // Hot in bulk inserts (one call per row): paths and messages are built only on failure.
    for (const key in input) {
      if (!Object.hasOwn(input, key)) continue
      const raw = (input as Record<string, unknown>)[key]
      const bound = lookup.get(key)
      if (!bound) {
        refuse(refused, recordRefused('record.unknownColumn', { name: key, byId: keyBy === 'id' ? 1 : 0 }, [...path, key]))
        continue
      }
      const ft = bound.fieldType ?? this.#typeOf(bound, [...path, key])
      if (this.restriction?.readOnly.has(bound.meta.id)) {
        refuse(refused, codes.KRN_ERR_PERMISSION_FIELD(bound.meta.name, { path: [...path, key] }))
        continue
      }
      if (!bound.meta.columnName || !ft.input) {
        refuse(refused, recordRefused('record.computed', { name: bound.meta.name }, [...path, key]))
        continue
      }
      if (raw === null || raw === undefined) {
        if (bound.meta.required) {
          refuse(refused, recordRefused(mode === 'patch' ? 'record.requiredPatch' : 'record.required', { name: bound.meta.name }, [...path, key]))
          continue
        }
        out.set(bound, null)
        continue
      }
      const parsed = this.#input(bound, ft).safeParse(raw)
      if (!parsed.success) {
        refuse(
          refused,
          refusalOf(() => parseOrThrow(this.#input(bound, ft), raw, [...path, key], codes.KRN_ERR_RECORD_INVALID, ft.messages)),
        )
        continue
      }
      const value = parsed.data
      out.set(bound, ft.encode ? ft.encode(value, bound.meta.config) : String(value))
    }
    if (mode !== 'patch' && out.size < this.byId.size) {
      for (const bound of this.byId.values()) {
        if (out.has(bound) || !bound.meta.columnName) continue
        // A column the caller may not write keeps its value when they replace the record.
        if (this.restriction?.readOnly.has(bound.meta.id)) continue
        if (bound.meta.required) {
          const key = keyBy === 'id' ? bound.meta.id : bound.meta.name
          // Refused above already (sent empty, or a value that failed): said once.
          if (refused?.some((r) => r.path?.[path.length] === key)) continue
          refuse(refused, recordRefused('record.required', { name: bound.meta.name }, [...path, key]))
          continue
        }
        if (mode === 'replace') out.set(bound, null)
      }
    }
    return out
  }
}
