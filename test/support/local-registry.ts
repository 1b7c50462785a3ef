import { createHash } from 'node:crypto'
import { readFile } from 'node:fs/promises'
import { createServer } from 'node:http'
import type { AddressInfo } from 'node:net'
import { basename } from 'node:path'
import { list } from 'tar'

export interface LocalRegistry {
  readonly url: string
  /** Package names asked for and answered from the tarballs, in order. */
  readonly served: string[]
  close(): Promise<void>
}

/** The `package/package.json` of an npm tarball. */
async function manifestOf(file: string): Promise<Record<string, unknown>> {
  const chunks: Buffer[] = []
  await list({
    file,
    filter: (path) => path === 'package/package.json',
    onReadEntry: (entry) => entry.on('data', (c: Buffer) => chunks.push(c)),
  })
  if (!chunks.length) throw new Error(`${file} has no package/package.json`)
  return JSON.parse(Buffer.concat(chunks).toString('utf8')) as Record<string, unknown>
}

/**
 * A small npm registry on loopback, as a team would run Verdaccio: the given tarballs are its
 * packages (a packument per name, the tarball itself under `/-/`), and every other package is
 * fetched from `upstream` and passed on. Lets a test run `pnpm create`/`pnpm install` against
 * packages that are not published.
 */
export async function startLocalRegistry(tarballs: ReadonlyArray<string>, upstream: string): Promise<LocalRegistry> {
  const files = new Map<string, Buffer>()
  const packuments = new Map<string, Record<string, unknown>>()
  const served: string[] = []
  const server = createServer((req, res) => {
    void (async () => {
      const path = decodeURIComponent((req.url ?? '/').split('?')[0]!)
      const tarball = path.startsWith('/-/') ? files.get(path.slice(3)) : undefined
      if (tarball) {
        res.writeHead(200, { 'content-type': 'application/octet-stream', 'content-length': tarball.length }).end(tarball)
        return
      }
      const doc = packuments.get(path.slice(1))
      if (doc) {
        served.push(path.slice(1))
        res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(doc))
        return
      }
      const up = await fetch(upstream.replace(/\/$/, '') + req.url, { headers: { accept: req.headers.accept ?? 'application/json' } })
      const body = Buffer.from(await up.arrayBuffer())
      res.writeHead(up.status, { 'content-type': up.headers.get('content-type') ?? 'application/json', 'content-length': body.length }).end(body)
    })().catch((err: unknown) => {
      res.writeHead(502, { 'content-type': 'text/plain' }).end(`local registry: ${String(err)}`)
    })
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
  for (const file of tarballs) {
    const bytes = await readFile(file)
    const pkg = await manifestOf(file)
    const name = String(pkg['name'])
    const version = String(pkg['version'])
    files.set(basename(file), bytes)
    const dist = {
      tarball: `${url}/-/${basename(file)}`,
      shasum: createHash('sha1').update(bytes).digest('hex'),
      integrity: `sha512-${createHash('sha512').update(bytes).digest('base64')}`,
    }
    packuments.set(name, { name, 'dist-tags': { latest: version }, versions: { [version]: { ...pkg, _id: `${name}@${version}`, dist } } })
  }
  return {
    url,
    served,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  }
}
