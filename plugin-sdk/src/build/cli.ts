import { parseArgs } from 'node:util'
import { isAbsolute, relative } from 'node:path'
import { packPlugin } from './pack-plugin.ts'

const USAGE = `Usage: docpal-plugin pack [dir] [--out <dir>]

  pack   Build the plugin package in [dir] (default: .) into <out>/<id>-<version>.tgz
         (default out: <dir>/dist) and print the file and its sha256.`

/** `docpal-plugin <command>`; returns the exit code. */
export async function main(argv: ReadonlyArray<string>, out: (line: string) => void = console.log, err: (line: string) => void = console.error): Promise<number> {
  let parsed
  try {
    parsed = parseArgs({ args: [...argv], allowPositionals: true, options: { out: { type: 'string' }, help: { type: 'boolean', short: 'h' } } })
  } catch (e) {
    err(`${(e as Error).message}\n\n${USAGE}`)
    return 2
  }
  const [command, dir = '.', ...rest] = parsed.positionals
  if (parsed.values.help || command === undefined) {
    out(USAGE)
    return command === undefined && !parsed.values.help ? 2 : 0
  }
  if (command !== 'pack' || rest.length) {
    err(`Unknown arguments: ${parsed.positionals.join(' ')}\n\n${USAGE}`)
    return 2
  }
  try {
    const packed = await packPlugin(dir, parsed.values.out ? { outDir: parsed.values.out } : {})
    out(`${packed.manifest.id} ${packed.manifest.version}`)
    const rel = relative(process.cwd(), packed.file)
    out(`file    ${rel.startsWith('..') || isAbsolute(rel) ? packed.file : rel}`)
    out(`sha256  ${packed.sha256}`)
    return 0
  } catch (e) {
    err(`docpal-plugin pack: ${(e as Error).message}`)
    return 1
  }
}
