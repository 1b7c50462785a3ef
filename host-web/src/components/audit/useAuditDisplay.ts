import { shallowReactive, watch, type Ref } from 'vue'
import { fetchTable, registry, useI18n, type ColumnInfo, type TableMeta } from '@docpal/plugin-sdk/client'
import type { AuditEntry } from '../../services/audit-api.ts'
import { useTypeOptions } from '../builder/useTypeOptions.ts'
import { useCompanyRoles } from '../../composables/useCompanyRoles.ts'
import { isBuiltInRole } from '../../composables/role-label.ts'
import { me } from '../../services/session.ts'
import { auditLines, storedValues, type AuditLine } from './audit-format.ts'

const keyOf = (tableId: string, column: string, raw: unknown) => `${tableId}\u0000${column}\u0000${JSON.stringify(raw)}`

/**
 * What a timeline needs to show logged values as the grid does: each entry's table (its columns,
 * by the name the entry logged) and, for field types that store references (linked records,
 * users), the stored ids resolved to names through the type's `resolveStored`, one call per
 * column for the whole page. A table or resolution that fails leaves the values as logged.
 */
export function useAuditDisplay(entries: Ref<ReadonlyArray<AuditEntry>>) {
  const { t } = useI18n()
  const fieldTypes = useTypeOptions()
  const { roleLabel, loadRoles } = useCompanyRoles()
  let rolesLoaded = false
  /** The company's own roles, read once and only when a line names one (most pages have none). */
  const loadCustomRoles = async (lines: ReadonlyArray<AuditLine>) => {
    const companyId = me.value?.currentCompanyId
    if (rolesLoaded || !companyId) return
    const named = lines.some((l) => l.values === 'role' && [l.old, l.new].some((v) => typeof v === 'string' && !isBuiltInRole(v)))
    if (!named) return
    rolesLoaded = true
    try {
      await loadRoles(companyId)
    } catch (err) {
      // Their names (as logged) are still shown.
      console.warn('audit timeline: company roles not loaded, shown by name', { companyId, err })
    }
  }
  /** A message in the reader's language; what the shell has no words for shows as logged. */
  const say = (key: string, params: Readonly<Record<string, string>> | undefined, asLogged: string) => {
    const text = params ? t(key, { ...params }) : t(key)
    return text === key ? asLogged : text
  }
  /** A value the shell has words for (a built-in role, a field type) in them; any other as logged. */
  const word = (l: AuditLine, raw: unknown): unknown => {
    if (typeof raw !== 'string') return raw
    // Built-in roles in the reader's language, the company's own by the label the company gave them.
    if (l.values === 'role') return isBuiltInRole(raw) ? say(`company.roles.${raw}`, undefined, raw) : roleLabel(raw)
    if (l.values === 'fieldType') return fieldTypes.options.value.find((o) => o.type === raw)?.label ?? raw
    return raw
  }
  const tables = shallowReactive(new Map<string, TableMeta | null>())
  const resolved = shallowReactive(new Map<string, unknown>())

  const loadTable = async (id: string): Promise<TableMeta | null> => {
    if (tables.has(id)) return tables.get(id) ?? null
    try {
      const t = await fetchTable(id)
      tables.set(id, t)
      return t
    } catch (err) {
      // A deleted table, or one the reader may no longer open: its values show as logged.
      console.warn('audit timeline: table not loaded, values shown as logged', { tableId: id, err })
      tables.set(id, null)
      return null
    }
  }

  const resolve = async (tableId: string, column: ColumnInfo, values: unknown[]) => {
    const def = registry.fieldType(column.type)
    const fresh = [...new Map(values.map((v) => [keyOf(tableId, column.name, v), v])).entries()].filter(([k]) => !resolved.has(k))
    if (!def?.resolveStored || !fresh.length) return
    try {
      const out = await def.resolveStored(
        fresh.map(([, v]) => v),
        column,
      )
      fresh.forEach(([k], i) => resolved.set(k, out[i]))
    } catch (err) {
      console.warn('audit timeline: stored values not resolved, shown as logged', { tableId, column: column.name, type: column.type, err })
    }
  }

  watch(
    entries,
    async (list) => {
      // Each entry's lines are worked out once for both: the roles they name, the values to resolve.
      const all: AuditLine[] = []
      const byTable = new Map<string, AuditLine[]>()
      for (const e of list) {
        const lines = auditLines(e)
        all.push(...lines)
        if (e.tableId) byTable.set(e.tableId, [...(byTable.get(e.tableId) ?? []), ...lines])
      }
      void loadCustomRoles(all)
      await Promise.all(
        [...byTable].map(async ([tableId, lines]) => {
          const table = await loadTable(tableId)
          if (!table) return
          await Promise.all(
            [...storedValues(lines)].map(async ([name, values]) => {
              const column = table.columns.find((c) => c.name === name)
              if (column) await resolve(tableId, column, values)
            }),
          )
        }),
      )
    },
    { immediate: true },
  )

  const columnOf = (e: AuditEntry, name: string): ColumnInfo | undefined => (e.tableId ? tables.get(e.tableId)?.columns.find((c) => c.name === name) : undefined)

  // Logged values come in jsonb's key order (short names first): shown in the table's column order.
  const rank = (e: AuditEntry, name: string | undefined) => (name === undefined ? Infinity : (columnOf(e, name)?.order ?? Infinity))
  const byColumn = (e: AuditEntry) => (a: string | undefined, b: string | undefined) => rank(e, a) - rank(e, b) || 0

  const cell = (e: AuditEntry, name: string | undefined, raw: unknown): { value: unknown; column?: ColumnInfo } => {
    const column = name === undefined ? undefined : columnOf(e, name)
    if (!column) return { value: raw }
    const k = keyOf(e.tableId ?? '', column.name, raw)
    return { value: resolved.has(k) ? resolved.get(k) : raw, column }
  }

  return {
    /** An entry's lines, in its table's column order (a batch line's values too). */
    lines: (e: AuditEntry): AuditLine[] =>
      auditLines(e)
        .map((l) => (l.cells ? { ...l, cells: Object.fromEntries(Object.entries(l.cells).sort(([a], [b]) => byColumn(e)(a, b))) } : l))
        .sort((a, b) => byColumn(e)(a.column, b.column)),
    /**
     * A logged value with the column it belongs to (by the name it was logged under; none once
     * renamed or removed), resolved where its field type resolves references: AuditCell's props.
     */
    cell,
    /** A line's field name: in the reader's language where it is a setting or a schema step, a record's column as the table names it. */
    label: (l: AuditLine): string => (l.label ? say(l.label.key, l.label.params, l.field) : l.field),
    /** A line's old or new value for AuditCell: a record's through its column, a setting's in words where it has them (roles, field types). */
    value: (e: AuditEntry, l: AuditLine, raw: unknown): { value: unknown; column?: ColumnInfo } => (l.column !== undefined ? cell(e, l.column, raw) : { value: word(l, raw) }),
  }
}
