/**
 * Whether Enter or Esc on this element belongs to the widget rather than to the form: a select or
 * date picker opens, picks or closes its popup with them. Read in the capture phase, before the
 * widget reacts, so `aria-expanded` still tells whether its popup is open.
 */
export function keyBelongsToWidget(e: KeyboardEvent): boolean {
  const target = e.target instanceof Element ? e.target : null
  const combobox = target?.closest('[role="combobox"]')
  if (!combobox) return false
  if (e.key === 'Enter') return true
  return e.key === 'Escape' && (combobox.getAttribute('aria-expanded') === 'true' || target?.getAttribute('aria-expanded') === 'true')
}
