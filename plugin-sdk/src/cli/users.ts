/**
 * `docpal users create`: the first account of a new instance (over HTTP sign-up: it becomes the
 * instance admin and owner of the first company, as in the web app), or any later one with an
 * instance admin's API token (POST /api/admin/users; works with invitation-only sign-up too).
 * Always through the running server, never the database directly: the embedded database is
 * locked by the server process, and accounts are made by one code path.
 */
import { createInterface } from 'node:readline'
import { call, fail } from './http.ts'

export const USERS_USAGE = `Usage: docpal users create --email EMAIL --name NAME [--password PASSWORD] [--admin] [--server URL] [--token TOKEN]
  On a server without accounts: signs up the first account (instance admin, owner of the first company); no token needed.
  Later: needs an instance admin's API token (--token or DOCPAL_TOKEN); --admin makes the person an instance admin too.
  Without --password the password is read from the terminal (not echoed) or from standard input.`

interface Created {
  user: { id: string; email: string; name: string; isInstanceAdmin: boolean }
}

/** Reads one line: hidden on a terminal, plain from a pipe (`echo "$PW" | docpal users create ...`). */
async function readPassword(): Promise<string> {
  const stdin = process.stdin
  if (!stdin.isTTY) {
    const rl = createInterface({ input: stdin })
    for await (const line of rl) {
      rl.close()
      return line
    }
    return ''
  }
  process.stderr.write('Password: ')
  stdin.setRawMode(true)
  stdin.resume()
  stdin.setEncoding('utf8')
  return new Promise((resolve) => {
    let typed = ''
    const onData = (ch: string) => {
      if (ch === '\r' || ch === '\n' || ch === '\u0004') {
        stdin.setRawMode(false)
        stdin.pause()
        stdin.off('data', onData)
        process.stderr.write('\n')
        resolve(typed)
      } else if (ch === '\u0003') {
        process.stderr.write('\n')
        process.exit(130)
      } else if (ch === '\u007f') typed = typed.slice(0, -1)
      else typed += ch
    }
    stdin.on('data', onData)
  })
}

export async function createUser(
  server: string,
  token: string | undefined,
  o: { email?: string | undefined; name?: string | undefined; password?: string | undefined; admin: boolean },
): Promise<void> {
  if (!o.email) fail(`Missing --email.\n${USERS_USAGE}`)
  if (!o.name) fail(`Missing --name.\n${USERS_USAGE}`)
  const password = o.password ?? (await readPassword())
  if (!password) fail('No password given (--password, or type it when asked).')
  const state = (await call(server, undefined, 'GET', '/api/auth/state')) as { hasAccounts: boolean }
  const body = { email: o.email, name: o.name, password }
  if (!state.hasAccounts) {
    const made = (await call(server, undefined, 'POST', '/api/auth/signup', { json: body })) as Created
    process.stdout.write(`created ${made.user.email} (${made.user.id}): the first account, instance admin and owner of the first company\n`)
    return
  }
  if (!token) fail('This server has accounts already: pass an instance admin API token with --token or DOCPAL_TOKEN (create one in the web app or with POST /api/auth/tokens).')
  const made = (await call(server, token, 'POST', '/api/admin/users', { json: { ...body, isInstanceAdmin: o.admin } })) as Created
  process.stdout.write(`created ${made.user.email} (${made.user.id})${made.user.isInstanceAdmin ? ', instance admin' : ''}, owner of a company of their own\n`)
}
