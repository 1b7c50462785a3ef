import { describe, expect, it } from 'vitest'
import { rewriteElementPlusImports } from './element-plus-imports.ts'

const map = { ElInput: 'input', ElOption: 'select', ElSelect: 'select', ElMessage: 'message' }

describe('rewriteElementPlusImports', () => {
  it('sends each named import to its component module and keeps aliases', () => {
    const code = 'import{ElInput as a,ElSelect as b,ElOption}from"element-plus";a(b,ElOption)'
    expect(rewriteElementPlusImports(code, map)).toBe('import{ElInput as a}from"element-plus/c/input.js";import{ElSelect as b,ElOption}from"element-plus/c/select.js";a(b,ElOption)')
  })
  it('reads the resolver form `element-plus/es` and spaced source, and keeps unknown names on the full library', () => {
    const code = "import { ElMessage, ElUnknown as u } from 'element-plus/es';"
    expect(rewriteElementPlusImports(code, map)).toBe('import{ElMessage}from"element-plus/c/message.js";import{ElUnknown as u}from"element-plus";')
  })
  it('leaves other modules and namespace imports alone', () => {
    const code = 'import{h}from"vue";import*as EP from"element-plus";'
    expect(rewriteElementPlusImports(code, map)).toBe(code)
  })
})
