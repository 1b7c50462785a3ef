import { gzipSync } from 'node:zlib'
import { describe, expect, it } from 'vitest'
import { DocPalError } from '@docpal/plugin-sdk'
import { entryBomb, incompressible, manyEntries, spreadBomb, zeroBomb } from '../../../test/support/archive-bombs.ts'
import { rawTar, rawTarGz } from '../../../test/support/raw-tar.ts'
import { entryPath } from './archive-entry-path.ts'
import { DEFAULT_ARCHIVE_LIMITS, UnpackMeter } from './archive-limits.ts'
import { ArchiveTree } from './archive-tree.ts'
import { readPluginArchive } from './plugin-archive.ts'

const PKG = { name: 'package/package.json', data: '{"name":"x","docpal":{}}' }
const MiB = 1024 * 1024

async function codeOf(p: Promise<unknown>): Promise<string> {
  try {
    await p
    return 'resolved'
  } catch (err) {
    expect(err).toBeInstanceOf(DocPalError)
    return (err as DocPalError).code
  }
}

describe('archive limits', () => {
  it('the meter refuses past the total, and past the ratio once beyond the grace', () => {
    const m = new UnpackMeter({ ...DEFAULT_ARCHIVE_LIMITS, maxUnpackedBytes: 10 * MiB, maxRatio: 10 }, 1000)
    m.add(MiB) // 1000:1, but within the first MiB
    expect(() => m.add(1)).toThrow(expect.objectContaining({ code: 'KRN_ERR_PLUGIN_ARCHIVE_RATIO', status: 413 }))
    const big = new UnpackMeter({ ...DEFAULT_ARCHIVE_LIMITS, maxUnpackedBytes: 2 * MiB, maxRatio: 10 }, MiB)
    big.add(2 * MiB)
    expect(() => big.add(1)).toThrow(expect.objectContaining({ code: 'KRN_ERR_PLUGIN_ARCHIVE_TOO_LARGE', status: 413 }))
  })

  it('entry paths: too long, too deep, a name over 255 bytes', () => {
    const L = { ...DEFAULT_ARCHIVE_LIMITS, maxPathBytes: 4000 }
    expect(entryPath('package/dist/server.js', 'File', L)).toBe('dist/server.js')
    expect(() => entryPath(`package/${'n'.repeat(300)}`, 'File', DEFAULT_ARCHIVE_LIMITS)).toThrow(/DOCPAL_PLUGIN_MAX_PATH/)
    expect(() => entryPath(`package/${'n'.repeat(300)}`, 'File', L)).toThrow(/longer than 255 bytes/)
    expect(() => entryPath('package/' + 'd/'.repeat(2100) + 'x', 'File', L)).toThrow(expect.objectContaining({ code: 'KRN_ERR_PLUGIN_ARCHIVE_PATH' }))
    // The message stays short whatever the name.
    expect(() => entryPath('package/' + 'd/'.repeat(2100) + 'x', 'File', L)).toThrow(expect.objectContaining({ message: expect.stringMatching(/^.{0,400}$/s) }))
  })

  it('a path is a file or a folder, never both', () => {
    const t = new ArchiveTree()
    t.add('dist', true)
    t.add('dist/a.js', false)
    t.add('dist/sub/b.js', false)
    expect(() => t.add('dist/a.js/c', false)).toThrow(expect.objectContaining({ code: 'KRN_ERR_PLUGIN_ARCHIVE_CONFLICT' }))
    expect(() => t.add('dist/sub', false)).toThrow(/'dist\/sub' as a file and also 'dist\/sub\/b.js'/)
    expect(() => t.add('dist/a.js', true)).toThrow(expect.objectContaining({ code: 'KRN_ERR_PLUGIN_ARCHIVE_CONFLICT' }))
  })
})

describe('reading archives under limits', () => {
  it.each([
    ['1 GiB over 1 MiB files', () => spreadBomb(1024), 'KRN_ERR_PLUGIN_ARCHIVE_TOO_LARGE'],
    ['one entry claiming 1 GiB', () => entryBomb(1024), 'KRN_ERR_PLUGIN_ARCHIVE_TOO_LARGE'],
    ['40 MiB at 900:1', () => spreadBomb(40), 'KRN_ERR_PLUGIN_ARCHIVE_RATIO'],
    ['3000 entries', () => manyEntries(3000), 'KRN_ERR_PLUGIN_ARCHIVE_TOO_MANY_ENTRIES'],
    ['gzip in gzip', () => gzipSync(zeroBomb(8)), 'KRN_ERR_PLUGIN_ARCHIVE_INVALID'],
    ['zeros only', () => zeroBomb(256), 'KRN_ERR_PLUGIN_ARCHIVE_INVALID'],
  ])('%s is refused', async (_name, make, code) => {
    expect(await codeOf(readPluginArchive(make()))).toBe(code)
  })

  it('the limits given are the ones applied', async () => {
    expect(await codeOf(readPluginArchive(incompressible(2 * MiB)))).toBe('resolved')
    expect(await codeOf(readPluginArchive(incompressible(2 * MiB), { ...DEFAULT_ARCHIVE_LIMITS, maxUnpackedBytes: MiB }))).toBe('KRN_ERR_PLUGIN_ARCHIVE_TOO_LARGE')
    expect(await codeOf(readPluginArchive(manyEntries(6), { ...DEFAULT_ARCHIVE_LIMITS, maxEntries: 5 }))).toBe('KRN_ERR_PLUGIN_ARCHIVE_TOO_MANY_ENTRIES')
  })

  it('zeros after the end of the archive are never inflated (the parser would buffer them quadratically)', async () => {
    const tail = gzipSync(Buffer.alloc(MiB), { level: 9 })
    const archive = Buffer.concat([rawTarGz([PKG, { name: 'package/a.js', data: 'a' }]), ...Array.from({ length: 512 }, () => tail)])
    const read = await readPluginArchive(archive)
    expect([...read.files.keys()].sort()).toEqual(['a.js', 'package.json'])
  })

  it('a plain tar (no gzip) is read too', async () => {
    const read = await readPluginArchive(rawTar([PKG, { name: 'package/dist/x.js', data: 'x' }]))
    expect(read.files.get('dist/x.js')?.toString()).toBe('x')
  })
})
