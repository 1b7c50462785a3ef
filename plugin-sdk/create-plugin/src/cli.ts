import { relative } from 'node:path'
import { parseArgs } from 'node:util'
import { KINDS, scaffold, ScaffoldError, type PluginKind } from './scaffold.ts'

const USAGE = `Usage: create-docpal-plugin <name> [--dir <path>] [--kind ${KINDS.join('|')}]

  <name>   the plugin id and package name, e.g. field-progress
  --dir    the folder to create (default: ./<name>); it must not exist or be empty
  --kind   what the plugin contributes (default: field)`

/** `pnpm create docpal-plugin <name>`; returns the exit code. */
export async function main(argv: ReadonlyArray<string>, out: (line: string) => void = console.log, err: (line: string) => void = console.error): Promise<number> {
  let parsed
  try {
    parsed = parseArgs({ args: [...argv], allowPositionals: true, options: { dir: { type: 'string' }, kind: { type: 'string' }, help: { type: 'boolean', short: 'h' } } })
  } catch (e) {
    err(`${(e as Error).message}\n\n${USAGE}`)
    return 2
  }
  if (parsed.values.help) {
    out(USAGE)
    return 0
  }
  const [name, ...extra] = parsed.positionals
  if (!name || extra.length) {
    err(USAGE)
    return 2
  }
  try {
    const { dir, files } = await scaffold({
      name,
      ...(parsed.values.dir ? { dir: parsed.values.dir } : {}),
      ...(parsed.values.kind ? { kind: parsed.values.kind as PluginKind } : {}),
    })
    const at = relative(process.cwd(), dir) || '.'
    out(`Created ${name} in ${at}:`)
    for (const f of files) out(`  ${f}`)
    out(
      `\nNext:\n  cd ${at}\n  pnpm install\n  pnpm test         # the plugin's tests and contract check on a real kernel\n  pnpm build        # dist/${name}-0.1.0.tgz, to install in DocPal's admin panel`,
    )
    return 0
  } catch (e) {
    if (e instanceof ScaffoldError) {
      err(e.message)
      return 1
    }
    throw e
  }
}
