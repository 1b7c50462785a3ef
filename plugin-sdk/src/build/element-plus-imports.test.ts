import { describe, expect, it } from 'vitest'
import { elementPlusNames, rewriteElementPlusImports } from './element-plus-imports.ts'

const base = ['ElInput', 'ElSelect', 'ElOption']

describe('rewriteElementPlusImports', () => {
  it('keeps names of the first tier on `element-plus` and sends the others to the full library, aliases kept', () => {
    const code = 'import{ElInput as a,ElRate as b,ElOption}from"element-plus";a(b,ElOption)'
    expect(rewriteElementPlusImports(code, base)).toBe('import{ElInput as a,ElOption}from"element-plus";import{ElRate as b}from"element-plus/full";a(b,ElOption)')
  })
  it('reads the resolver form `element-plus/es` and spaced source', () => {
    expect(rewriteElementPlusImports("import { ElSelect } from 'element-plus/es';", base)).toBe('import{ElSelect}from"element-plus";')
  })
  it('leaves other modules and namespace imports alone', () => {
    const code = 'import{h}from"vue";import*as EP from"element-plus";'
    expect(rewriteElementPlusImports(code, base)).toBe(code)
  })
  it('lists the names a module imports', () => {
    expect(elementPlusNames('import{ElInput as a,ElRate}from"element-plus";import{x}from"vue";import { ElTag } from "element-plus/es"')).toEqual(['ElInput', 'ElRate', 'ElTag'])
  })
})
