import { describe, expect, it } from 'vitest'
import { PluginManifestSchema } from '@docpal/plugin-sdk'
import plugin, { logicFunctions } from '../src/server/index.ts'
import pkg from '../package.json' with { type: 'json' }
import { functionsAddedBy } from '../../field-formula/test/function-plugin.ts'

describe('formula-logic', () => {
  it('adds its functions, under upper-case names, through the formula plugin extension point', async () => {
    expect(logicFunctions.map((f) => f.type)).toEqual('IF SWITCH AND OR XOR NOT BLANK ERROR ISBLANK'.split(' '))
    expect(await functionsAddedBy(plugin)).toEqual(logicFunctions)
    for (const f of logicFunctions) expect(f.type).toBe(f.name)
  })

  it('has a valid manifest', () => {
    expect(PluginManifestSchema.safeParse(pkg.docpal).success).toBe(true)
    expect(plugin.pluginId).toBe('formula-logic')
  })
})

describe('result types', () => {
  const fn = (name: string) => logicFunctions.find((f) => f.type === name)!
  it('IF and SWITCH give the common branch type, else text', () => {
    expect(fn('IF').returns(['boolean', 'number', 'number'])).toBe('number')
    expect(fn('IF').returns(['boolean', 'date', 'datetime'])).toBe('datetime')
    expect(fn('IF').returns(['boolean', 'number', 'text'])).toBe('text')
    expect(fn('IF').returns(['boolean', 'number'])).toBe('number')
    expect(fn('SWITCH').returns(['number', 'number', 'text', 'number', 'text', 'text'])).toBe('text')
    expect(fn('SWITCH').returns(['number', 'text', 'text'])).toEqual({ error: 'pattern 1 is text but the expression is number' })
  })
})
