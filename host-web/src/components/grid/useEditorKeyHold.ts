import { typesText } from './grid-keys.ts'

/** A key as the grid keeps it (typed while it could not act on it yet). */
export interface GridKey {
  key: string
  shiftKey: boolean
  ctrlKey: boolean
  metaKey: boolean
  altKey: boolean
}

/** Input types with a caret (`setRangeText` throws on the others: checkbox, number, email, date...). */
const CARET_TYPES: ReadonlySet<string> = new Set(['text', 'search', 'url', 'tel', 'password'])
const isTextField = (el: EventTarget | null): el is HTMLInputElement | HTMLTextAreaElement =>
  el instanceof HTMLTextAreaElement || (el instanceof HTMLInputElement && CARET_TYPES.has(el.type))
/** A control Space activates (a switch's or a check box's input). */
const isToggle = (el: EventTarget | null): el is HTMLInputElement => el instanceof HTMLInputElement && (el.type === 'checkbox' || el.type === 'radio')

/** `text` typed into a focused text field at its caret, with the input event typing sends; false: not a text field. */
function typeInto(el: HTMLElement, text: string): boolean {
  if (!isTextField(el) || el.readOnly) return false
  const from = el.selectionStart ?? el.value.length
  el.setRangeText(text, from, el.selectionEnd ?? from, 'end')
  el.dispatchEvent(new InputEvent('input', { bubbles: true, data: text, inputType: 'insertText' }))
  return true
}

/** How long an editor may take to mount and take the focus before held keys are given up (ms). */
const OPEN_WAIT_MS = 1_000

/**
 * Keys typed after a key opened a cell editor and before that editor has the focus (it mounts on
 * the next render): the grid holds them here, and gives them to the editor once it is focused, in
 * order: text goes in as typed, other keys (Tab, Enter, Esc, arrows) as the key events the editor
 * and its frame would have seen. Without this, a fast typist's Enter reached the grid instead of
 * the editor and created the new-record row's record without the value still in the editor.
 */
export function useEditorKeyHold(editorRoot: () => HTMLElement | null | undefined) {
  let held: GridKey[] | null = null
  let replace = false
  let giveUp: ReturnType<typeof setTimeout> | undefined

  /**
   * Starts holding (an editor is opening); keys come with `push`. `replaceValue`: the editor opens
   * with the stored value, which the first key typed replaces, as typing on a spreadsheet cell does.
   */
  function start(replaceValue = false) {
    if (held) return
    held = []
    replace = replaceValue
    // The editor's focus arrives synchronously from its mount: the held keys go in a frame after
    // it (onFocusIn), and keys typed until then are held too, so none reaches the editor first.
    document.addEventListener('focusin', onFocusIn, true)
    giveUp = setTimeout(() => {
      const n = held?.length ?? 0
      stop()
      if (n) console.warn(`grid: the cell editor never took the focus; ${n} key(s) typed meanwhile were dropped`)
    }, OPEN_WAIT_MS)
  }
  const holding = () => held !== null
  const push = (k: GridKey) => held?.push(k)

  function stop(): GridKey[] {
    const keys = held ?? []
    held = null
    clearTimeout(giveUp)
    document.removeEventListener('focusin', onFocusIn, true)
    document.removeEventListener('keydown', onKeyMeanwhile, true)
    return keys
  }

  function onFocusIn(e: FocusEvent) {
    const root = editorRoot()
    const target = e.target
    if (!root || !(target instanceof HTMLElement) || !root.contains(target)) return
    if (replace && isTextField(target)) target.select()
    document.removeEventListener('focusin', onFocusIn, true)
    // The editor takes the focus while it mounts; what it opens with (a select's list and its
    // options) renders after. Keys typed into it then find no option to pick: a select's first
    // typed letter filtered the list, but Enter kept the old value. So the held keys go in one
    // frame later, and keys typed meanwhile join them, in order (caught before the editor sees them).
    document.addEventListener('keydown', onKeyMeanwhile, true)
    requestAnimationFrame(() => give(target))
  }

  function onKeyMeanwhile(e: KeyboardEvent) {
    if (!held || e.isComposing) return
    e.preventDefault()
    e.stopPropagation()
    held.push({ key: e.key, shiftKey: e.shiftKey, ctrlKey: e.ctrlKey, metaKey: e.metaKey, altKey: e.altKey })
  }

  function give(target: HTMLElement) {
    if (!held) return
    for (const k of stop()) {
      // Text into the still focused field as typing puts it there (an input event follows);
      // anything else, or text once the editor has ended, as a key event that bubbles to the grid.
      if (typesText(k) && document.activeElement === target && typeInto(target, k.key)) continue
      // Space on a switch cell: what the real key does to the focused switch (a synthetic key event does nothing).
      if (k.key === ' ' && document.activeElement === target && isToggle(target)) {
        target.click()
        continue
      }
      target.dispatchEvent(new KeyboardEvent('keydown', { ...k, bubbles: true, cancelable: true }))
    }
  }

  /** The editor will not open after all (the record is not the caller's to edit): the held keys go. */
  const cancel = () => void stop()

  return { start, holding, push, cancel }
}
