import { defineComponent, h, nextTick, onBeforeUnmount, onMounted, ref, shallowRef, type Component, type PropType } from 'vue'
import { kt } from '../kit/messages.ts'
import type { ColumnInfo } from '../types.ts'
import { staysInEditor, type CommitWay, type EditCommit } from './commit.ts'

const FOCUSABLE = 'input:not([type="hidden"]), textarea, [tabindex]:not([tabindex="-1"]), button'

/** Whether Enter on this element belongs to an open popup (a select's or a date picker's list). */
function popupOpen(target: EventTarget | null): boolean {
  const el = target instanceof Element ? target : null
  if (!el) return false
  const box = el.closest('[role="combobox"]') ?? el
  return box.getAttribute('aria-expanded') === 'true' || el.getAttribute('aria-expanded') === 'true'
}

/**
 * Hosts a field type's editor in a cell and ends the edit as `commit.ts` describes, the same way
 * for every editor: the grid uses it, and the testing kit's contract test runs every editor in it.
 */
export const CellEditorFrame = defineComponent({
  name: 'DpCellEditorFrame',
  props: {
    editor: { type: Object as PropType<Component>, required: true },
    column: { type: Object as PropType<ColumnInfo>, required: true },
    // eslint-disable-next-line vue/require-default-prop -- a value of any type is absent as undefined
    modelValue: { type: null as unknown as PropType<unknown> },
  },
  emits: { 'update:modelValue': (_v: unknown) => true, ending: (_way: CommitWay) => true, commit: (_c: EditCommit) => true, cancel: () => true },
  setup(p, { emit, expose }) {
    const root = ref<HTMLElement>()
    const multiline = ref(false)
    // The frame owns the draft: the editor always shows what it last reported, whether or not
    // the host passes it back down.
    const draft = shallowRef<unknown>(p.modelValue)
    let ended = false
    let pending: ReturnType<typeof setTimeout> | undefined
    let pendingWay: CommitWay | undefined
    // Arrows or typing in an open popup: the next Enter picks there; after a pick it commits again.
    let navigated = false

    const finish = () => {
      if (ended || !pendingWay) return
      ended = true
      clearTimeout(pending)
      emit('commit', { way: pendingWay, value: draft.value })
    }
    // The widget finishes with the event first (a date typed then Enter, a value parsed on blur),
    // so the commit waits for the end of the current task and takes the value it left.
    function end(way: CommitWay) {
      if (ended) return
      // Said at once, so the host can take the keys typed meanwhile (they belong to the next cell).
      if (!pendingWay) emit('ending', way)
      pendingWay = way
      clearTimeout(pending)
      pending = setTimeout(finish, 0)
    }
    function cancel() {
      if (ended) return
      ended = true
      clearTimeout(pending)
      emit('cancel')
    }

    function onKeydown(e: KeyboardEvent) {
      if (ended || pendingWay || e.isComposing) return
      if (e.key === 'Escape') {
        e.preventDefault()
        e.stopPropagation()
        cancel()
      } else if (e.key === 'Tab') {
        e.preventDefault()
        // Focus stays in the grid, but the widget sees the blur it would have seen (a typed date
        // is read on blur), before the commit takes its value.
        if (e.target instanceof HTMLElement) e.target.blur()
        end(e.shiftKey ? 'shift-tab' : 'tab')
      } else if (e.key === 'ArrowDown' || e.key === 'ArrowUp') {
        navigated = true
      } else if (e.key === 'Enter') {
        const mod = e.ctrlKey || e.metaKey
        if (e.target instanceof HTMLTextAreaElement && !mod) return // a new line
        if (!mod && navigated && popupOpen(e.target)) {
          navigated = false // the widget picks; a single pick commits through the editor
          return
        }
        // The edit takes the key. An open list must not also toggle its highlighted option with
        // it; a closed widget still sees it (a date picker reads the typed date on Enter).
        if (popupOpen(e.target)) e.stopPropagation()
        e.preventDefault()
        end('enter')
      }
    }
    const onInput = (e: Event) => {
      if (popupOpen(e.target)) navigated = true
    }
    const onPointerDown = (e: PointerEvent) => {
      if (!staysInEditor(e.target, root.value)) end('click-away')
      else navigated = false
    }
    const onUpdate = (v: unknown) => {
      draft.value = v
      emit('update:modelValue', v)
    }
    const onEditorCommit = (...args: unknown[]) => {
      if (args.length > 0) onUpdate(args[0])
      end('pick')
    }

    onMounted(async () => {
      document.addEventListener('pointerdown', onPointerDown, true)
      await nextTick()
      multiline.value = !!root.value?.querySelector('textarea')
      root.value?.querySelector<HTMLElement>(FOCUSABLE)?.focus()
    })
    // Unmounted with a commit still waiting (the grid scrolled it away): it is not lost.
    onBeforeUnmount(() => {
      document.removeEventListener('pointerdown', onPointerDown, true)
      finish()
    })
    expose({ commit: end, cancel })

    return () =>
      h('div', { ref: root, class: 'dp-cell-editor', 'data-test': 'cell-editor', onKeydownCapture: onKeydown, onInputCapture: onInput }, [
        h(p.editor, { modelValue: draft.value, column: p.column, 'onUpdate:modelValue': onUpdate, onCommit: onEditorCommit }),
        multiline.value
          ? h(
              'div',
              {
                class: 'dp-cell-editor-hint',
                'data-test': 'cell-editor-hint',
                style: { fontSize: '11px', lineHeight: '16px', padding: '2px 4px', color: 'var(--el-text-color-secondary)', whiteSpace: 'normal' },
              },
              kt('hintMultiline'),
            )
          : null,
      ])
  },
})
