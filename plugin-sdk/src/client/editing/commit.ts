/**
 * The in-cell editing contract, one for every field type (first-party and third-party).
 *
 * An editor component receives `modelValue` and `column` and emits:
 * - `update:modelValue` as the value changes, on every keystroke or pick, never only on a native
 *   `change`: the host may commit at any moment (a click elsewhere) and commits what it last heard;
 * - `commit` (optionally with the value) when a pick ends the edit by itself: an option picked in
 *   a single select, a day picked in a calendar, a switch toggled, a star clicked. Editors that
 *   pick several things (multiple select, several linked records) do not: they stay open.
 *
 * The host's frame (`CellEditorFrame`) ends every edit the same way, so editors need not handle keys:
 * - commits on Enter (Ctrl/Cmd+Enter in a multi-line text box, where Enter adds a line; Enter
 *   inside an open popup after the arrows or typing picks there first), Tab and Shift+Tab, a click
 *   or tap outside the editor and its popups, and the editor's own `commit`;
 * - cancels on Esc, which always discards the edit, popup open or not.
 * The host saves every commit whose value differs from the stored one, shows it at once, and rolls
 * the cell back with a visible error when the server refuses it.
 */
export type CommitWay = 'enter' | 'tab' | 'shift-tab' | 'click-away' | 'pick'

export interface EditCommit {
  readonly way: CommitWay
  readonly value: unknown
}

/**
 * A popup an editor opens outside its own element (teleported to the page's body) carries this
 * attribute, so a click in it is not a click away. Element Plus poppers (`.el-popper`) count already.
 */
export const EDITOR_POPUP_ATTR = 'data-dp-editor-popup'

/** Whether a pointer press on `target` stays within the edit (`root`, or a popup of it). */
export function staysInEditor(target: EventTarget | null, root: Element | null | undefined): boolean {
  if (!(target instanceof Node)) return true
  if (root?.contains(target)) return true
  const el = target instanceof Element ? target : target.parentElement
  return !!el?.closest(`.el-popper, [${EDITOR_POPUP_ATTR}]`)
}
