import { existsSync, readFileSync } from 'node:fs'
import { mkdir, readdir, readFile, writeFile } from 'node:fs/promises'
import { dirname, join, relative, resolve } from 'node:path'
import { createRequire } from 'node:module'
import { fileURLToPath } from 'node:url'
import { pluginIdProblem } from '@docpal/plugin-sdk'

const TEMPLATES = fileURLToPath(new URL('../templates/', import.meta.url))
// The SDK's own package.json (beside its `src/index.ts` entry): new plugins depend on this version.
const SDK_ENTRY = createRequire(import.meta.url).resolve('@docpal/plugin-sdk')
const SDK_VERSION = (JSON.parse(readFileSync(join(dirname(SDK_ENTRY), '..', 'package.json'), 'utf8')) as { version: string }).version

/** Kinds of plugin there is a template for (a folder under `templates/`). */
export const KINDS = ['field'] as const
export type PluginKind = (typeof KINDS)[number]

export interface ScaffoldOptions {
  /** The plugin id, also the package name and the default folder name. */
  readonly name: string
  /** The folder to create; default `<cwd>/<name>`. It must not exist or be empty. */
  readonly dir?: string
  readonly kind?: PluginKind
  readonly cwd?: string
}

/** A refusal the CLI prints as is (no stack): a bad name, kind or folder. */
export class ScaffoldError extends Error {
  override readonly name = 'ScaffoldError'
}

/** `field-progress` -> `Progress`; `my_plugin` -> `My Plugin`. */
function labelOf(id: string): string {
  const words = id.split(/[-_]/).filter((w, i, all) => !(i === 0 && w === 'field' && all.length > 1))
  return words.map((w) => w.charAt(0).toUpperCase() + w.slice(1)).join(' ')
}

/** The words the templates use, `{{like_this}}`. */
export function tokensFor(id: string): Record<string, string> {
  const type = id.replace(/^field[-_](?=.)/, '')
  // `progress` -> `progressField`: a valid identifier whatever the type is called.
  const typeVar = type.replace(/[-_]+(.)/g, (_m, c: string) => c.toUpperCase()) + 'Field'
  return { id, label: labelOf(id), type, typeVar, sdkVersion: SDK_VERSION }
}

/** Replaces `{{token}}`s; an unknown token is a bug in a template, not something to ship. */
export function render(text: string, tokens: Readonly<Record<string, string>>, file: string): string {
  return text.replace(/\{\{(\w+)\}\}/g, (_all, key: string) => {
    const v = tokens[key]
    if (v === undefined) throw new Error(`template ${file} uses an unknown token {{${key}}}`)
    return v
  })
}

async function listFiles(root: string, dir = root): Promise<string[]> {
  const out: string[] = []
  for (const e of await readdir(dir, { withFileTypes: true })) {
    const path = join(dir, e.name)
    if (e.isDirectory()) out.push(...(await listFiles(root, path)))
    else out.push(relative(root, path))
  }
  return out.sort()
}

/**
 * Writes a new plugin package from the templates of its kind: every `x.tmpl` becomes `x` with
 * its tokens replaced (`gitignore.tmpl` becomes `.gitignore`, which npm would drop otherwise).
 */
export async function scaffold(opts: ScaffoldOptions): Promise<{ dir: string; files: string[] }> {
  const { name, kind = 'field' } = opts
  // The templates turn the name into identifiers as well, so it must start with a letter too.
  const problem = pluginIdProblem(name) ?? (/^[a-z]/.test(name) ? undefined : 'it must start with a letter')
  if (problem) {
    throw new ScaffoldError(`'${name}' is not a valid plugin name: ${problem}. Use lowercase letters, digits and dashes, starting with a letter (e.g. field-progress).`)
  }
  if (!(KINDS as ReadonlyArray<string>).includes(kind)) throw new ScaffoldError(`Unknown kind '${kind}': one of ${KINDS.join(', ')}.`)
  const dir = resolve(opts.cwd ?? process.cwd(), opts.dir ?? name)
  if (existsSync(dir) && (await readdir(dir)).length > 0) {
    throw new ScaffoldError(`${dir} already exists and is not empty: choose another name, or another folder with --dir.`)
  }
  const tokens = tokensFor(name)
  const from = join(TEMPLATES, kind)
  const files: string[] = []
  for (const template of await listFiles(from)) {
    const target = template.replace(/\.tmpl$/, '').replace(/(^|\/)gitignore$/, '$1.gitignore')
    await mkdir(dirname(join(dir, target)), { recursive: true })
    await writeFile(join(dir, target), render(await readFile(join(from, template), 'utf8'), tokens, template))
    files.push(target)
  }
  return { dir, files }
}
