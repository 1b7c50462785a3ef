import { onBeforeUnmount, onMounted, type Ref } from 'vue'

/**
 * Ctrl/Cmd+C and Ctrl/Cmd+V on the grid. The browser gives the clipboard to `copy` and `paste`
 * events only (reading it outside one needs a permission prompt), and fires them at the document
 * when the focused element is not editable, as the grid's own element is: they are taken there
 * while focus is inside the grid and no cell editor (an input of its own) is open.
 */
export function useGridClipboard(grid: Ref<HTMLElement | null>, handlers: { busy(): boolean; copy(): string | null; paste(text: string): void }): void {
  const ours = (e: Event) => {
    const el = grid.value
    const focused = document.activeElement
    if (!el || handlers.busy() || e.defaultPrevented) return false
    // The grid itself, or the event dispatched at it (tests, other scripts).
    return focused === el || e.target === el
  }
  const onCopy = (e: ClipboardEvent) => {
    if (!ours(e)) return
    const text = handlers.copy()
    if (text === null || !e.clipboardData) return
    e.clipboardData.setData('text/plain', text)
    e.preventDefault()
  }
  const onPaste = (e: ClipboardEvent) => {
    if (!ours(e)) return
    const text = e.clipboardData?.getData('text/plain') ?? ''
    e.preventDefault()
    if (text !== '') handlers.paste(text)
  }
  onMounted(() => {
    document.addEventListener('copy', onCopy)
    document.addEventListener('paste', onPaste)
  })
  onBeforeUnmount(() => {
    document.removeEventListener('copy', onCopy)
    document.removeEventListener('paste', onPaste)
  })
}
