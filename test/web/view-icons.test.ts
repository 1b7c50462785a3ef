import { existsSync, readdirSync } from 'node:fs'
import { join } from 'node:path'
import { pathToFileURL } from 'node:url'
import { describe, expect, it } from 'vitest'
import type { ClientPlugin } from '@docpal/plugin-sdk/client'
import { TABLE_ICON } from '../../host-web/src/components/sidebar/folder-tree.ts'

/**
 * The sidebar lists tables and views side by side, each with its icon (a view's comes from its view
 * type's plugin): no view type may look like a table, nor like another view type.
 */
const ROOT = process.cwd()
const entries = readdirSync(join(ROOT, 'plugins'))
  .map((d) => join(ROOT, 'plugins', d, 'src/client/index.tsx'))
  .filter((f) => existsSync(f))

describe('view type icons', () => {
  it("differ from the table's icon and from each other", async () => {
    const icons = new Map<string, string>()
    for (const file of entries) {
      const mod = (await import(pathToFileURL(file).href)) as { default: ClientPlugin }
      for (const v of mod.default.viewTypes ?? []) icons.set(v.type, v.icon ?? '')
    }
    expect([...icons.keys()].sort()).toEqual(expect.arrayContaining(['calendar', 'gantt', 'kanban', 'table']))
    for (const [type, icon] of icons) {
      expect(icon, `view type ${type} has no icon`).not.toBe('')
      expect(icon, `view type ${type} shows the table's icon`).not.toBe(TABLE_ICON)
    }
    expect(new Set(icons.values()).size, JSON.stringify(Object.fromEntries(icons))).toBe(icons.size)
  })
})
