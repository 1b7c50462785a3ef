/**
 * `docpal plugins <command>` and `docpal users create` (the SDK's `docpal` bin; `pnpm docpal` in a
 * checkout): the admin panel's plugin actions and account creation from a terminal, in any folder, against a running server by URL (so
 * installs are live there). DOCPAL_URL or --server picks it; an instance admin's API token
 * (DOCPAL_TOKEN or --token) signs the requests.
 */
import { readFile } from 'node:fs/promises'
import { parseArgs } from 'node:util'
import { call, fail } from './http.ts'
import { USERS_USAGE, createUser } from './users.ts'

const PLUGINS_USAGE = `Usage: docpal plugins <command> [--server URL] [--token TOKEN]
  (an instance admin's API token, also from DOCPAL_TOKEN: create one with POST /api/auth/tokens)
  list                                   installed plugins and their state
  install <file.tgz> [--sha256 HEX]      install a tarball (starts disabled)
  install <plugin-id> [--version X]      install from the server's catalog
  update <plugin-id> <file.tgz | --version X>
  enable <plugin-id>
  disable <plugin-id> [--force]          --force: even while its columns are in use
  uninstall <plugin-id>
  catalog [search]                       browse the catalog`
const USAGE = `${PLUGINS_USAGE}\n\n${USERS_USAGE}`

interface Plugin {
  id: string
  state: string
  source: string
  reason: string | null
  manifest: { name: string; version: string; capabilities: string[] } | null
}

const line = (p: Plugin) =>
  `${p.id.padEnd(24)} ${(p.manifest?.version ?? '?').padEnd(8)} ${p.state.padEnd(9)} ${p.source.padEnd(9)} ${p.manifest?.capabilities.join(',') || '-'}${p.reason ? `  (${p.reason})` : ''}`
const isFile = (s: string) => /\.(tgz|tar\.gz|tar)$/i.test(s)

export async function main(argv: string[]): Promise<void> {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      server: { type: 'string' },
      token: { type: 'string' },
      sha256: { type: 'string' },
      version: { type: 'string' },
      force: { type: 'boolean' },
      email: { type: 'string' },
      name: { type: 'string' },
      password: { type: 'string' },
      admin: { type: 'boolean' },
      help: { type: 'boolean', short: 'h' },
    },
  })
  const [group, command, arg, arg2] = positionals
  if (values.help || (group !== 'plugins' && group !== 'users') || !command) {
    process.stdout.write(USAGE + '\n')
    if (!values.help) process.exit(1)
    return
  }
  const server = values.server ?? process.env['DOCPAL_URL'] ?? 'http://127.0.0.1:8080'
  const token = values.token ?? (process.env['DOCPAL_TOKEN'] || undefined)
  if (group === 'users') {
    if (command !== 'create') fail(`Unknown command 'users ${command}'.\n${USERS_USAGE}`)
    await createUser(server, token, { email: values.email, name: values.name, password: values.password, admin: values.admin === true })
    return
  }
  const out = (s: string) => process.stdout.write(s + '\n')
  const need = (v: string | undefined, what: string) => v ?? fail(`Missing ${what}.\n${USAGE}`)
  const sha = values.sha256 ? `?sha256=${encodeURIComponent(values.sha256)}` : ''
  switch (command) {
    case 'list':
      for (const p of (await call(server, token, 'GET', '/api/plugins')) as Plugin[]) out(line(p))
      return
    case 'install': {
      const what = need(arg, 'a .tgz file or a catalog plugin id')
      const body = isFile(what) ? { file: await readFile(what) } : { json: { catalog: what, ...(values.version ? { version: values.version } : {}) } }
      const p = (await call(server, token, 'POST', `/api/plugins/install${isFile(what) ? sha : ''}`, body)) as Plugin
      out(`installed ${p.id} ${p.manifest?.version} (disabled); capabilities: ${p.manifest?.capabilities.join(', ') || 'none'}. Enable it with: docpal plugins enable ${p.id}`)
      return
    }
    case 'update': {
      const id = need(arg, 'a plugin id')
      const body = arg2 && isFile(arg2) ? { file: await readFile(arg2) } : { json: { catalog: id, ...(values.version ? { version: values.version } : {}) } }
      const p = (await call(server, token, 'POST', `/api/plugins/${encodeURIComponent(id)}/update${arg2 ? sha : ''}`, body)) as Plugin
      out(`updated ${p.id} to ${p.manifest?.version} (${p.state})`)
      return
    }
    case 'enable':
    case 'disable': {
      const id = need(arg, 'a plugin id')
      const p = (await call(server, token, 'POST', `/api/plugins/${encodeURIComponent(id)}/${command}${values.force && command === 'disable' ? '?force=true' : ''}`)) as Plugin
      out(`${p.id} is ${p.state}`)
      return
    }
    case 'uninstall': {
      const id = need(arg, 'a plugin id')
      await call(server, token, 'DELETE', `/api/plugins/${encodeURIComponent(id)}`)
      out(`uninstalled ${id}`)
      return
    }
    case 'catalog': {
      const c = (await call(server, token, 'GET', `/api/plugin-catalog${arg ? `?search=${encodeURIComponent(arg)}` : ''}`)) as {
        plugins: Array<{ id: string; latest: string; category: string; installed: { version: string } | null; update: string | null; versions: Array<{ compatible: boolean }> }>
      }
      for (const p of c.plugins) {
        const state = p.installed
          ? `installed ${p.installed.version}${p.update ? `, update ${p.update}` : ''}`
          : p.versions.some((v) => v.compatible)
            ? 'available'
            : 'incompatible'
        out(`${p.id.padEnd(24)} ${p.latest.padEnd(8)} ${p.category.padEnd(10)} ${state}`)
      }
      return
    }
    default:
      fail(`Unknown command '${command}'.\n${USAGE}`)
  }
}
