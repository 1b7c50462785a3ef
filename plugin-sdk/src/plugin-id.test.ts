import { describe, expect, it } from 'vitest'
import { PluginManifestSchema } from './manifest.ts'
import { pluginIdProblem } from './plugin-id.ts'

describe('plugin ids', () => {
  it.each(['field-text', 'x', '2fa', 'view-gantt-2'])('%s is an id', (id) => expect(pluginIdProblem(id)).toBeUndefined())

  it.each([
    ['', /empty/],
    ['Field-Text', /lowercase \(use 'field-text'\)/],
    ['node_modules', /reserved/],
    ['NODE_MODULES', /reserved/],
    ['_x', /kept for the host/],
    ['.x', /kept for the host/],
    ['-x', /starting with a letter or digit/],
    ['a_b', /lowercase letters, digits and dashes/],
    ['nul', /reserved/],
    ['a'.repeat(65), /longer than 64/],
  ])('%s is not', (id, why) => expect(pluginIdProblem(id)).toMatch(why))

  it('the manifest schema applies the same rule to id and dependsOn', () => {
    const base = { name: 'X', version: '1.0.0', kernel: '^1.0.0', category: 'other' }
    expect(PluginManifestSchema.safeParse({ ...base, id: 'field-x', dependsOn: ['field-text'] }).success).toBe(true)
    expect(PluginManifestSchema.safeParse({ ...base, id: 'Field-X' }).success).toBe(false)
    expect(PluginManifestSchema.safeParse({ ...base, id: 'field-x', dependsOn: ['node_modules'] }).success).toBe(false)
  })
})
