import { readdir, readFile } from 'node:fs/promises'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { describe, expect, it } from 'vitest'
import { render, tokensFor } from './scaffold.ts'

const TEMPLATES = fileURLToPath(new URL('../templates/', import.meta.url))

describe('create-docpal-plugin templates', () => {
  it('derives the type key, label and identifier from the name', () => {
    expect(tokensFor('field-progress')).toMatchObject({ id: 'field-progress', type: 'progress', label: 'Progress', typeVar: 'progressField' })
    expect(tokensFor('my_plugin-x')).toMatchObject({ type: 'my_plugin-x', label: 'My Plugin X', typeVar: 'myPluginXField' })
    expect(tokensFor('field')).toMatchObject({ type: 'field', label: 'Field' })
  })

  it('replaces tokens and refuses one it does not know', () => {
    expect(render("type: '{{type}}'", { type: 'gauge' }, 'x')).toBe("type: 'gauge'")
    expect(() => render('{{nope}}', {}, 'src/x.ts.tmpl')).toThrow('template src/x.ts.tmpl uses an unknown token {{nope}}')
  })

  it('every template renders with the tokens the scaffolder gives', async () => {
    const files = (await readdir(TEMPLATES, { recursive: true })).filter((f) => f.endsWith('.tmpl'))
    expect(files.length).toBeGreaterThan(5)
    for (const f of files) expect(render(await readFile(join(TEMPLATES, f), 'utf8'), tokensFor('field-gauge'), f)).not.toMatch(/\{\{/)
  })
})
