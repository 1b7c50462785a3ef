import { computed, defineComponent, h, onMounted, ref, watch } from 'vue'
import { ElEmpty, ElPagination, ElTable, ElTableColumn } from 'element-plus'
import { FieldValue, t, useViewContext, type ColumnInfo, type RecordData, type ViewData } from '@docpal/plugin-sdk/client'
import { ROW_HEIGHTS, visibleColumns, type TableViewConfig } from './config.ts'

const PAGE_SIZE = 50
type Sort = { field: string; direction: 'asc' | 'desc' } | null
interface Section {
  key: string
  value: unknown
  count: number | undefined
  records: RecordData[]
}

/**
 * A paged table of the view's visible fields. Records arrive in the view's order (its sorts, or a
 * header the user clicked); a grouped view comes group first, so each group is a section.
 */
export const TableView = defineComponent({
  props: { viewId: { type: String, required: true } },
  setup() {
    const ctx = useViewContext()
    const data = ref<ViewData | null>(null)
    const error = ref<string | null>(null)
    const page = ref(1)
    const sort = ref<Sort>(null)
    const columns = computed(() => (ctx.view.value && ctx.table.value ? visibleColumns(ctx.view.value, ctx.table.value) : []))
    const config = computed(() => (ctx.view.value?.config ?? {}) as TableViewConfig)
    const groupColumn = computed(() => {
      const id = (ctx.view.value?.queryConfig as { groupBy?: string } | undefined)?.groupBy
      return id ? ctx.table.value?.columns.find((c) => c.id === id) : undefined
    })

    async function load() {
      const params: Record<string, string | number> = { limit: PAGE_SIZE, offset: (page.value - 1) * PAGE_SIZE, count: 'true' }
      if (sort.value) params['sort'] = JSON.stringify([sort.value])
      // The group's value must come back even when the field itself is hidden.
      if (groupColumn.value) params['fields'] = JSON.stringify([...new Set([...columns.value.map((c) => c.id), groupColumn.value.id])])
      try {
        data.value = await ctx.load(params)
        error.value = null
      } catch (err) {
        error.value = err instanceof Error ? err.message : String(err)
      }
    }
    // The host's grid loads its own pages.
    onMounted(() => {
      if (!ctx.grid || groupColumn.value) void load()
    })
    watch(page, load)

    const sections = computed<Section[]>(() => {
      const records = data.value?.records ?? []
      const g = groupColumn.value
      if (!g) return [{ key: 'all', value: undefined, count: undefined, records }]
      const out: Section[] = []
      for (const r of records) {
        const value = r.fields[g.name] ?? null
        const key = JSON.stringify(value)
        let last = out[out.length - 1]
        if (!last || last.key !== key) {
          const count = data.value?.groups?.find((x) => JSON.stringify(x['value'] ?? null) === key)?.['count']
          last = { key, value, count: typeof count === 'number' ? count : undefined, records: [] }
          out.push(last)
        }
        last.records.push(r)
      }
      return out
    })

    function onSort({ prop, order }: { prop: string | null; order: 'ascending' | 'descending' | null }) {
      sort.value = prop && order ? { field: prop, direction: order === 'ascending' ? 'asc' : 'desc' } : null
      if (page.value === 1) void load()
      else page.value = 1
    }

    const cell = (c: ColumnInfo) => ({ default: ({ row }: { row: RecordData }) => <FieldValue value={row.fields[c.name]} column={c} /> })
    const table = (s: Section) => (
      <ElTable
        data={s.records}
        rowKey="id"
        border
        rowStyle={{ height: `${ROW_HEIGHTS[config.value.rowHeight ?? 'short']}px` }}
        rowClassName="dp-view-table-row"
        onRow-click={(row: RecordData) => ctx.open(row.id)}
        onSort-change={onSort}
        defaultSort={sort.value ? { prop: sort.value.field, order: sort.value.direction === 'asc' ? 'ascending' : 'descending' } : undefined}
      >
        {{
          default: () =>
            columns.value.map((c) => (
              <ElTableColumn key={c.id} prop={c.id} label={c.name} sortable="custom" minWidth={config.value.columnWidths?.[c.id] ?? 160}>
                {cell(c)}
              </ElTableColumn>
            )),
        }}
      </ElTable>
    )

    return () => {
      // The host's spreadsheet grid, when it has one; a grouped view keeps its sections here.
      const Grid = ctx.grid
      if (Grid && !groupColumn.value && ctx.view.value) return h(Grid, { viewId: ctx.view.value.id })
      if (error.value)
        return (
          <div class="dp-view-error" data-test="view-error">
            {error.value}
          </div>
        )
      if (!data.value) return <div class="dp-muted">{t('view-table.loading')}</div>
      if (data.value.records.length === 0) return <ElEmpty description={t('view-table.empty')} data-test="view-empty" />
      const g = groupColumn.value
      return (
        <div class="dp-view-table" data-test="view-table">
          {sections.value.map((s) => (
            <section key={s.key} class="dp-view-table-group" data-test="view-group">
              {g && (
                <header style={{ display: 'flex', gap: '8px', alignItems: 'center', margin: '12px 0 6px', fontWeight: 600 }}>
                  <span class="dp-muted">{g.name}:</span>
                  {s.value == null ? <span class="dp-muted">{t('view-table.noValue')}</span> : <FieldValue value={s.value} column={g} />}
                  {s.count !== undefined && (
                    <span class="dp-muted" style={{ fontWeight: 400 }}>
                      ({s.count})
                    </span>
                  )}
                </header>
              )}
              {table(s)}
            </section>
          ))}
          <ElPagination
            style={{ marginTop: '12px' }}
            layout="total, prev, pager, next"
            total={data.value.total ?? data.value.records.length}
            pageSize={PAGE_SIZE}
            currentPage={page.value}
            onUpdate:current-page={(n: number) => (page.value = n)}
          />
        </div>
      )
    }
  },
})
