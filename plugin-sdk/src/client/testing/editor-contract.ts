import { mount } from '@vue/test-utils'
import { h, isProxy, toRaw } from 'vue'
import { CellEditorFrame } from '../editing/cell-editor-frame.ts'
import type { EditCommit } from '../editing/commit.ts'
import type { ColumnInfo, FieldTypeClient } from '../types.ts'
import { createDriver, settle, type EditorDriver } from './driver.ts'

/** One edit a person makes in a field type's editor, and the value it must save. */
export interface EditorCase {
  /** Names the case in failures. */
  readonly name?: string
  readonly column: ColumnInfo
  /** The stored value the editor opens with. */
  readonly from: unknown
  /** What the edit must commit. */
  readonly to: unknown
  /** What a person does to change the value (type, pick, click). */
  edit(d: EditorDriver): Promise<void>
  /** The edit ends by itself (a pick in a single select, a toggled switch): it commits without a key. */
  readonly picks?: boolean
}

/** The ways every edit may end (`editing/commit.ts`). */
export const COMMIT_WAYS = ['enter', 'tab', 'click-away', 'escape'] as const
type Way = (typeof COMMIT_WAYS)[number]

async function finish(d: EditorDriver, way: Way, multiline: boolean) {
  if (way === 'enter') await d.press('Enter', multiline ? { ctrlKey: true } : {})
  else if (way === 'tab') await d.press('Tab')
  else if (way === 'escape') await d.press('Escape')
  else {
    const away = document.createElement('button')
    document.body.appendChild(away)
    away.dispatchEvent(new MouseEvent('pointerdown', { bubbles: true, cancelable: true }))
    away.remove()
  }
  await settle()
}

const plain = (v: unknown): string => JSON.stringify((isProxy(v) ? toRaw(v) : v) ?? null)

/**
 * Runs a field type's editor through the cell-editor contract, in the frame the grid uses: for each
 * case and each way an edit ends, it mounts the editor, makes the edit, ends it that way and checks
 * what was committed. Enter, Tab and a click away must commit the case's value exactly once (or the
 * editor committed it by itself, for a pick); Esc must commit nothing, unless the pick already did.
 * Throws one error listing every failure. Needs a DOM (happy-dom or jsdom) and @vue/test-utils.
 */
export async function expectCellEditorContract(def: FieldTypeClient, cases: readonly EditorCase[]): Promise<void> {
  const editor = def.editor
  if (!editor) throw new Error(`${def.type}: has no editor to check`)
  if (cases.length === 0) throw new Error(`${def.type}: give at least one case`)
  const failures: string[] = []
  for (const [i, c] of cases.entries()) {
    for (const way of COMMIT_WAYS) {
      const label = `${def.type} case ${c.name ?? i}, ${way}`
      const host = document.createElement('div')
      document.body.appendChild(host)
      const commits: EditCommit[] = []
      let cancels = 0
      const w = mount(() => h(CellEditorFrame, { editor, column: c.column, modelValue: c.from, onCommit: (x: EditCommit) => commits.push(x), onCancel: () => cancels++ }), {
        attachTo: host,
      })
      try {
        await settle()
        const root = w.find('[data-test="cell-editor"]').element as HTMLElement
        const d = createDriver(root)
        await c.edit(d)
        const first = commits[0]
        const picked = first !== undefined
        if (c.picks && !picked) failures.push(`${label}: the edit should have ended by itself (a pick), nothing was committed`)
        if (!c.picks && picked) failures.push(`${label}: committed before the edit was ended (${plain(first.value)})`)
        await finish(d, way, !!root.querySelector('textarea'))
        const got = commits[0]
        if (way === 'escape' && !picked) {
          if (got) failures.push(`${label}: Esc committed ${plain(got.value)}`)
          if (cancels !== 1) failures.push(`${label}: Esc did not cancel`)
        } else if (!got || commits.length !== 1) failures.push(`${label}: ${commits.length} commits, want 1`)
        else if (plain(got.value) !== plain(c.to)) failures.push(`${label}: committed ${plain(got.value)}, want ${plain(c.to)}`)
      } catch (err) {
        failures.push(`${label}: ${err instanceof Error ? err.message : String(err)}`)
      } finally {
        w.unmount()
        host.remove()
        document.querySelectorAll('.el-popper').forEach((p) => p.remove())
      }
    }
  }
  if (failures.length) throw new Error(`cell-editor contract:\n${failures.join('\n')}`)
}
