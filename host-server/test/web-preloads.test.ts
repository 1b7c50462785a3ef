import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { dataPreloads } from '../src/routes/web.ts'

describe('the page preloads the API reads of a deep link', () => {
  it('an app page: the app, its tables, views and folders', () => {
    expect(dataPreloads('/apps/a1/views/v1')).toEqual(['/api/apps/a1', '/api/apps/a1/tables', '/api/apps/a1/views', '/api/apps/a1/folders'])
  })
  it("a table: also the table, its first page as host-web's GET asks for it, and the type lists", () => {
    const urls = dataPreloads('/apps/a1/tables/t-1')
    expect(urls).toContain('/api/tables/t-1')
    expect(urls).toContain('/api/tables/t-1/records?limit=100&offset=0&count=estimate')
    expect(urls).toContain('/api/field-types')
  })
  it('nothing for other pages, the table builder, record pages or ids that are not ids', () => {
    expect(dataPreloads('/')).toEqual([])
    expect(dataPreloads('/admin/plugins')).toEqual([])
    expect(dataPreloads('/apps/a1/tables/new')).toHaveLength(4)
    expect(dataPreloads('/apps/a1/tables/t1/records/r1')).toHaveLength(4)
    expect(dataPreloads('/apps/"><script>/tables/t1')).toEqual([])
  })
})

describe("a page chunk's files, preloaded with the shell", () => {
  it('the chunk, the chunks it imports (not the entry) and their stylesheets', async () => {
    const { mkdtemp, mkdir, writeFile } = await import('node:fs/promises')
    const { tmpdir } = await import('node:os')
    const { routeChunks } = await import('../src/routes/web.ts')
    const dist = await mkdtemp(join(tmpdir(), 'docpal-web-'))
    await mkdir(join(dist, 'assets'))
    const files: Record<string, string> = {
      'index-AAAAAAAA.js': '',
      'TablePage-B_c-1234.js': 'import{a}from"./index-AAAAAAAA.js";import{b}from"./useTable-CCCCCCCC.js";export{}',
      'TablePage-DDDDDDDD.css': '',
      'useTable-CCCCCCCC.js': 'import"./notify-EEEEEEEE.js";',
      'useTable-FFFFFFFF.css': '',
      'notify-EEEEEEEE.js': '',
      'Other-GGGGGGGG.js': '',
    }
    for (const [f, code] of Object.entries(files)) await writeFile(join(dist, 'assets', f), code)
    expect(routeChunks(dist).get('TablePage')?.sort()).toEqual([
      'TablePage-B_c-1234.js',
      'TablePage-DDDDDDDD.css',
      'notify-EEEEEEEE.js',
      'useTable-CCCCCCCC.js',
      'useTable-FFFFFFFF.css',
    ])
  })
})
