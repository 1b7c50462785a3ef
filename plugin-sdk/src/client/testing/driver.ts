import { nextTick } from 'vue'

/**
 * What a contract case does to an editor, as a person would: type, press keys, click its parts
 * or the options of its popup (which Element Plus puts at the end of the page's body).
 */
export interface EditorDriver {
  /** The frame's element (the editor inside it). */
  readonly root: HTMLElement
  /** Replaces the text of the editor's first text box, as typing does (one `input` event). */
  type(text: string, selector?: string): Promise<void>
  /** A key pressed on the focused element (or the editor's first input). */
  press(key: string, mods?: { ctrlKey?: boolean; shiftKey?: boolean; metaKey?: boolean }): Promise<void>
  /** Clicks the first element matching `selector` in the editor, else anywhere in the page. */
  click(selector: string): Promise<void>
  /** Clicks the option of an open list whose text is `label` (select, picker). */
  pickOption(label: string): Promise<void>
  /** Lets pending events, timers of zero and Vue's updates run. */
  settle(): Promise<void>
}

export async function settle(): Promise<void> {
  for (let i = 0; i < 3; i++) {
    await nextTick()
    await new Promise((r) => setTimeout(r, 0))
  }
}

function find(root: HTMLElement, selector: string): HTMLElement {
  const el = root.querySelector<HTMLElement>(selector) ?? document.querySelector<HTMLElement>(selector)
  if (!el) throw new Error(`no element matches ${selector}`)
  return el
}

function pointer(el: HTMLElement) {
  for (const type of ['pointerdown', 'mousedown', 'pointerup', 'mouseup']) el.dispatchEvent(new MouseEvent(type, { bubbles: true, cancelable: true, composed: true }))
  el.click()
}

export function createDriver(root: HTMLElement): EditorDriver {
  const focused = (): HTMLElement => {
    const a = document.activeElement
    return a instanceof HTMLElement && a !== document.body ? a : (root.querySelector<HTMLElement>('input, textarea, [tabindex]') ?? root)
  }
  return {
    root,
    async type(text, selector = 'input:not([type="hidden"]):not([type="checkbox"]), textarea') {
      const el = find(root, selector) as HTMLInputElement
      el.focus()
      el.value = text
      el.dispatchEvent(new Event('input', { bubbles: true }))
      await settle()
    },
    async press(key, mods = {}) {
      // Element Plus reads `code` (Enter, Tab, Escape, ArrowDown), browsers send both.
      const init = { key, code: key.length === 1 ? `Key${key.toUpperCase()}` : key, bubbles: true, cancelable: true, ...mods }
      focused().dispatchEvent(new KeyboardEvent('keydown', init))
      focused().dispatchEvent(new KeyboardEvent('keyup', init))
      await settle()
    },
    async click(selector) {
      pointer(find(root, selector))
      await settle()
    },
    async pickOption(label) {
      const items = [...document.querySelectorAll<HTMLElement>('.el-select-dropdown__item, [role="option"]')]
      // The label as the option shows it, or at its end (after an avatar's initial, an icon).
      const item = items.find((i) => i.textContent.trim() === label) ?? items.find((i) => i.textContent.trim().endsWith(label))
      if (!item) throw new Error(`no option "${label}" among ${items.map((i) => JSON.stringify(i.textContent.trim())).join(', ') || 'none'}`)
      pointer(item)
      await settle()
    },
    settle,
  }
}
