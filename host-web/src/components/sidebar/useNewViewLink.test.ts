import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { effectScope, nextTick, reactive, ref } from 'vue'

interface Given {
  manages: boolean
  createViews: Record<string, boolean>
  asked: string[]
  /** Set: answers wait here, in the order asked, until the test gives them. */
  held: Array<{ id: string; answer: (a: { createViews: boolean }) => void }> | null
}
const s = vi.hoisted((): Given => ({ manages: false, createViews: {}, asked: [], held: null }))
const params: Record<string, string> = {}
const route = reactive({ params })
const tables = ref([{ id: 't1' }, { id: 't2' }])
const views = ref([{ id: 'v1', dataTableId: 't2' }])
vi.mock('vue-router', () => ({ useRoute: () => route }))
vi.mock('../../composables/useAppState.ts', () => ({ useAppState: () => ({ appId: ref('a1'), tables, views }) }))
vi.mock('../../services/session.ts', () => ({ managesCompany: () => s.manages }))
vi.mock('../../services/view-as.ts', () => ({ viewAsKey: ref(null) }))
vi.mock('../../composables/useTableAccess.ts', () => ({
  tableAccessOf: (id: string) => {
    s.asked.push(id)
    const held = s.held
    if (held) return new Promise((answer) => held.push({ id, answer }))
    return Promise.resolve({ createViews: s.createViews[id] ?? false })
  },
}))
const { useNewViewLink: inScope } = await import('./useNewViewLink.ts')

// Each test's watchers stop with it, so the next test's setup does not wake them.
let scope = effectScope()
const useNewViewLink = () => scope.run(inScope)!

const settle = async () => {
  for (let i = 0; i < 6; i++) await nextTick()
}

describe('useNewViewLink', () => {
  afterEach(() => scope.stop())
  beforeEach(() => {
    scope = effectScope()
    Object.assign(s, { manages: false, createViews: {}, asked: [], held: null })
    route.params = {}
    tables.value = [{ id: 't1' }, { id: 't2' }]
  })

  it('offers a member no "+ View" outside a table when no table of the app takes their views', async () => {
    const { shown } = useNewViewLink()
    await settle()
    expect(s.asked).toEqual(['t1', 't2'])
    expect(shown.value).toBe(false)
  })

  it('offers it outside a table when one does, starting on that table', async () => {
    s.createViews = { t2: true }
    const { shown, link } = useNewViewLink()
    await settle()
    expect(shown.value).toBe(true)
    expect(link.value).toEqual({ path: '/apps/a1/views/new', query: { tableId: 't2' } })
  })

  it("asks every table at once and starts on the first in the app's order that takes a view, whichever answers first", async () => {
    const held: NonNullable<Given['held']> = (s.held = [])
    tables.value = [{ id: 't1' }, { id: 't2' }, { id: 't3' }]
    const { shown, link } = useNewViewLink()
    await settle()
    // All asked before any answer.
    expect(s.asked).toEqual(['t1', 't2', 't3'])
    held[2]?.answer({ createViews: true })
    held[1]?.answer({ createViews: true })
    await settle()
    expect(shown.value).toBe(false)
    held[0]?.answer({ createViews: false })
    await settle()
    expect(shown.value).toBe(true)
    expect(link.value).toEqual({ path: '/apps/a1/views/new', query: { tableId: 't2' } })
  })

  it('takes no late answer for the tables of before', async () => {
    const held: NonNullable<Given['held']> = (s.held = [])
    const { shown, link } = useNewViewLink()
    await settle()
    route.params = { tableId: 't2' }
    await settle()
    expect(held.map((h) => h.id)).toEqual(['t1', 't2', 't2'])
    held[2]?.answer({ createViews: false })
    await settle()
    // The app-wide question's answers come after the table's: they do not show the link.
    held[0]?.answer({ createViews: true })
    held[1]?.answer({ createViews: true })
    await settle()
    expect(shown.value).toBe(false)
    expect(link.value).toEqual({ path: '/apps/a1/views/new', query: { tableId: 't2' } })
  })

  it("in a table or one of its views, asks that table's access only", async () => {
    s.createViews = { t1: true }
    route.params = { viewId: 'v1' }
    const { shown } = useNewViewLink()
    await settle()
    expect(s.asked).toEqual(['t2'])
    expect(shown.value).toBe(false)
    route.params = { tableId: 't1' }
    await settle()
    expect(shown.value).toBe(true)
  })

  it('offers it to owners and admins without asking', async () => {
    s.manages = true
    const { shown, link } = useNewViewLink()
    await settle()
    expect(s.asked).toEqual([])
    expect(shown.value).toBe(true)
    expect(link.value).toBe('/apps/a1/views/new')
  })

  it('offers a member none in an app without tables', async () => {
    tables.value = []
    const { shown } = useNewViewLink()
    await settle()
    expect(shown.value).toBe(false)
  })
})
