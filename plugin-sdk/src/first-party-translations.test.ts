import { existsSync, readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { describe, expect, it } from 'vitest'
import { parsePackageManifest } from './manifest.ts'

/**
 * Every plugin DocPal ships (plugins/, and examples/ which the catalog lists too) names and
 * describes itself in Simplified Chinese, so the admin page in zh-CN shows no English manifest.
 */
const ROOT = fileURLToPath(new URL('../../', import.meta.url))

const packages = ['plugins', 'examples'].flatMap((parent) =>
  readdirSync(join(ROOT, parent))
    .map((name) => join(ROOT, parent, name, 'package.json'))
    .filter((file) => existsSync(file))
    .map((file) => ({ folder: file.slice(ROOT.length, -'/package.json'.length), pkg: JSON.parse(readFileSync(file, 'utf8')) as Record<string, unknown> }))
    .filter(({ pkg }) => 'docpal' in pkg),
)

// Han characters: a translation left in English (or copied from the English) fails.
const CHINESE = /\p{Script=Han}/u

describe('first-party plugin manifests', () => {
  it('are found', () => {
    expect(packages.map((p) => p.folder)).toEqual(expect.arrayContaining(['plugins/view-kanban', 'plugins/field-text', 'examples/field-rating']))
  })

  it.each(packages.map((p) => [p.folder, p.pkg] as const))('%s has a zh-CN name and description', (_folder, pkg) => {
    const parsed = parsePackageManifest(pkg)
    expect(parsed.error?.issues ?? []).toEqual([])
    const zh = parsed.data?.translations?.['zh-CN']
    expect(zh?.name).toMatch(CHINESE)
    expect(zh?.description).toMatch(CHINESE)
  })
})
