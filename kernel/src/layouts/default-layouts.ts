import type { ColumnMeta } from '../schema/table-model.ts'

/**
 * Plan 1.4: the card view, form and detail dashboard generated from the columns. The title is
 * the first column whose type says it names a record well (its `title` trait), else the first.
 */
export function defaultLayouts(columns: ReadonlyArray<ColumnMeta>, isTitleType: (type: string) => boolean) {
  const ids = columns.map((c) => c.id)
  const title = columns.find((c) => isTitleType(c.type)) ?? columns[0]
  const subtitle = columns.find((c) => c !== title)
  return {
    defaultCardView: { type: 'card', titleField: title?.id ?? null, subtitleField: subtitle?.id ?? null, fields: ids, layout: 'grid' },
    defaultForm: {
      layout: 'single-column',
      fields: columns.map((c) => ({ columnId: c.id, type: 'input', required: c.required, validation: c.required ? [{ rule: 'required' }] : [] })),
    },
    defaultDetailDashboard: { sections: [{ type: 'field_group', title: 'Details', fields: ids }] },
  }
}

/**
 * Keeps a user-edited layout in step with the columns: ids of removed columns drop out, new
 * columns are appended, the user's order and settings stay.
 */
export function reconcileLayout(layout: unknown, columns: ReadonlyArray<ColumnMeta>): unknown {
  if (layout === null || layout === undefined) return layout
  const live = new Set(columns.map((c) => c.id))
  const seen = new Set<string>()
  const walk = (v: unknown): unknown => {
    if (Array.isArray(v)) {
      return v.map(walk).filter((x) => x !== DROP)
    }
    if (typeof v === 'string' && /^[0-9a-f-]{36}$/.test(v)) {
      if (!live.has(v)) return DROP
      seen.add(v)
      return v
    }
    if (v && typeof v === 'object') {
      const o = v as Record<string, unknown>
      if (typeof o['columnId'] === 'string' && !live.has(o['columnId'])) return DROP
      if (typeof o['columnId'] === 'string') seen.add(o['columnId'])
      return Object.fromEntries(
        Object.entries(o)
          .map(([k, x]) => [k, walk(x)])
          .filter(([, x]) => x !== DROP),
      )
    }
    return v
  }
  const out = walk(layout) as Record<string, unknown>
  const missing = columns.filter((c) => !seen.has(c.id)).map((c) => c.id)
  if (missing.length) {
    if (Array.isArray(out['fields'])) {
      const f = out['fields'] as unknown[]
      const objects = f.length > 0 && typeof f[0] === 'object'
      out['fields'] = [...f, ...missing.map((id) => (objects ? { columnId: id, type: 'input' } : id))]
    }
  }
  return out
}

const DROP = Symbol('drop')
