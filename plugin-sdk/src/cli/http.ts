/** The CLI's one way to talk to a running server: JSON (or a file) in, JSON out, coded errors printed and exit 1. */
export function fail(message: string): never {
  process.stderr.write(message + '\n')
  process.exit(1)
}

export async function call(server: string, token: string | undefined, method: string, path: string, body?: { json?: unknown; file?: Buffer }): Promise<unknown> {
  const headers: Record<string, string> = token ? { authorization: `Bearer ${token}` } : {}
  const init: RequestInit = { method, headers }
  if (body?.file) {
    init.body = new Blob([new Uint8Array(body.file)])
    headers['content-type'] = 'application/gzip'
  } else if (body?.json !== undefined) {
    init.body = JSON.stringify(body.json)
    headers['content-type'] = 'application/json'
  }
  let res: Response
  try {
    res = await fetch(server.replace(/\/$/, '') + path, init)
  } catch (err) {
    fail(`Cannot reach DocPal at ${server}: ${err instanceof Error ? err.message : String(err)} (start it, or pass --server).`)
  }
  const text = await res.text()
  const data: unknown = text ? JSON.parse(text) : undefined
  if (!res.ok) {
    const e = (data as { error?: { code: string; message: string } } | undefined)?.error
    const hint = res.status === 401 && !token ? '\nPass an instance admin API token with --token or DOCPAL_TOKEN.' : ''
    fail((e ? `${e.code}: ${e.message}` : `HTTP ${res.status}`) + hint)
  }
  return data
}
