import { posix } from 'node:path'
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { DocPalError } from '@docpal/plugin-sdk'
import { rawTarGz } from '../../../test/support/raw-tar.ts'
import { readPluginArchive } from './plugin-archive.ts'

const segment = fc.constantFrom('..', '.', '', 'a', 'dist', 'package', '\\..', 'x..y', '...', 'C:')
const path = fc.array(segment, { minLength: 1, maxLength: 6 }).chain((parts) => fc.boolean().map((abs) => (abs ? '/' : '') + parts.join('/')))

describe('plugin archive paths (property)', () => {
  it('every entry either lands inside the plugin folder or the whole archive is refused with a 400', async () => {
    await fc.assert(
      fc.asyncProperty(path, async (name) => {
        const archive = rawTarGz([
          { name: 'package/package.json', data: '{"name":"x","docpal":{}}' },
          { name, data: 'x' },
        ])
        try {
          const read = await readPluginArchive(archive)
          for (const rel of read.files.keys()) {
            // Resolved against a root, the file stays below it.
            expect(posix.resolve('/root/plugin', rel).startsWith('/root/plugin/')).toBe(true)
            expect(rel.split('/')).not.toContain('..')
          }
        } catch (err) {
          expect(err).toBeInstanceOf(DocPalError)
          expect((err as DocPalError).status).toBe(400)
        }
      }),
      { numRuns: 300 },
    )
  })
})
