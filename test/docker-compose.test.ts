import { describe, it, expect } from 'vitest'
import { readFileSync, existsSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import { parse } from 'yaml'
import { NODE_FLAGS } from '../host-server/scripts/bundle-server.mjs'

const composeUrl = new URL('../docker-compose.yml', import.meta.url)
const dockerfileUrl = new URL('../Dockerfile', import.meta.url)
const envExampleUrl = new URL('../.env.example', import.meta.url)
const composeText = readFileSync(composeUrl, 'utf8')
/** The proxy's configuration, as the compose file mounts it. */
const haproxy = readFileSync(new URL('../deploy/haproxy.cfg', import.meta.url), 'utf8')
/** The variables .env.example sets, as `docker compose` would read them from a copied .env. */
const envExample: Record<string, string> = Object.fromEntries(
  readFileSync(envExampleUrl, 'utf8')
    .split('\n')
    .filter((l) => /^[A-Z_][A-Z0-9_]*=/.test(l))
    .map((l) => [l.slice(0, l.indexOf('=')), l.slice(l.indexOf('=') + 1)]),
)
/** Compose interpolation of ${VAR}, ${VAR:-default} and ${VAR:?error}; `vars` stands for .env. */
function interpolate(text: string, vars: Record<string, string>): string {
  return text.replace(/\$\{([A-Z_][A-Z0-9_]*)(?::([?-])([^}]*))?\}/g, (_m, name: string, op: string | undefined, arg: string | undefined) => {
    const v = vars[name]
    if (v !== undefined && v !== '') return v
    if (op === '-') return arg ?? ''
    if (op === '?') throw new Error(`required variable ${name}: ${arg ?? ''}`)
    return ''
  })
}
const compose = parse(interpolate(composeText, envExample))
const services: Record<string, any> = compose.services ?? {}

/** Normalise `environment` (map or KEY=VALUE list) to a string map. */
function env(name: string): Record<string, string> {
  const e = services[name]?.environment ?? {}
  if (Array.isArray(e)) {
    return Object.fromEntries(
      e.map((s: string) => {
        const i = s.indexOf('=')
        return i < 0 ? [s, ''] : [s.slice(0, i), s.slice(i + 1)]
      }),
    )
  }
  return Object.fromEntries(Object.entries(e).map(([k, v]) => [k, String(v)]))
}

/** Normalise `depends_on` (list or map) to name -> condition. */
function dependsOn(name: string): Record<string, string> {
  const d = services[name]?.depends_on ?? {}
  if (Array.isArray(d)) return Object.fromEntries(d.map((s: string) => [s, 'service_started']))
  return Object.fromEntries(Object.entries(d).map(([k, v]: [string, any]) => [k, v?.condition ?? 'service_started']))
}

/** Published ports as {ip, host, container} (short "h:c", "ip:h:c" or long syntax); ip '' is every interface. */
function ports(name: string): { ip: string; host: number; container: number }[] {
  return (services[name]?.ports ?? []).map((p: any) => {
    if (typeof p === 'object') return { ip: String(p.host_ip ?? ''), host: Number(p.published), container: Number(p.target) }
    const parts = String(p).split('/')[0]!.split(':')
    const container = Number(parts[parts.length - 1])
    const host = parts.length >= 2 ? Number(parts[parts.length - 2]) : container
    return { ip: parts.length === 3 ? parts[0]! : '', host, container }
  })
}

/** Named volumes referenced by a service (excludes bind mounts). */
function namedVolumes(name: string): string[] {
  return (services[name]?.volumes ?? [])
    .map((v: any) => (typeof v === 'object' ? (v.type === 'volume' || !v.type ? v.source : undefined) : String(v).split(':')[0]))
    .filter((src: string | undefined): src is string => !!src && !/^[./~]/.test(src))
}

describe('docker-compose.yml', () => {
  it('runs DocPal, its proxy and PostgreSQL, Temporal and a worker only with the temporal profile, and nothing that DocPal does not read', () => {
    expect(Object.keys(services).sort()).toEqual(['docpal', 'docpal-worker', 'postgres', 'proxy', 'temporal'])
    expect(services.docpal.build).toMatchObject({ context: '.', dockerfile: 'Dockerfile' })
    expect(services.docpal.profiles).toBeUndefined()
    expect(services.temporal.profiles).toEqual(['temporal'])
    expect(services['docpal-worker'].profiles).toEqual(['temporal'])
    expect(services['docpal-worker'].image).toBe(services.docpal.image)
    // DocPal reads TEMPORAL_ADDRESS (empty: the embedded runner); no S3 setting until object storage lands.
    expect(Object.keys(env('docpal')).filter((k) => /^(S3_|TEMPORAL_)/.test(k))).toEqual(['TEMPORAL_ADDRESS'])
    expect(env('docpal').TEMPORAL_ADDRESS).toBe('')
    expect(env('docpal-worker').TEMPORAL_ADDRESS).toBe('temporal:7233')
    expect(dependsOn('docpal-worker')).toEqual({ postgres: 'service_healthy', temporal: 'service_healthy' })
  })

  it('pins every image to a version tag', () => {
    for (const [name, svc] of Object.entries(services)) {
      // The image compose builds (docpal), and services that run that same image (the worker).
      if (!svc.image || svc.build || svc.image === services.docpal.image) continue
      expect(String(svc.image), name).toMatch(/:[^:]*\d/)
      expect(String(svc.image), name).not.toMatch(/:latest$/)
    }
    expect(services.postgres.image).toMatch(/^postgres:16\.\d+/)
  })

  it('docpal DATABASE_URL matches the postgres service credentials', () => {
    const pg = env('postgres')
    expect(pg.POSTGRES_USER).toBeTruthy()
    expect(pg.POSTGRES_PASSWORD).toBeTruthy()
    expect(pg.POSTGRES_DB).toBeTruthy()
    const url = new URL(env('docpal').DATABASE_URL!)
    expect(url.protocol).toMatch(/^postgres(ql)?:$/)
    expect(url.hostname).toBe('postgres')
    expect(url.port || '5432').toBe('5432')
    expect(decodeURIComponent(url.username)).toBe(pg.POSTGRES_USER)
    expect(decodeURIComponent(url.password)).toBe(pg.POSTGRES_PASSWORD)
    expect(url.pathname.slice(1)).toBe(pg.POSTGRES_DB)
  })

  it('every service has a healthcheck, and docpal starts once PostgreSQL is healthy', () => {
    for (const [name, svc] of Object.entries(services)) expect(svc.healthcheck?.test, name).toBeTruthy()
    expect(JSON.stringify(services.postgres.healthcheck.test)).toContain('pg_isready')
    // Healthy means ready: the proxy waits for it, and so does `docker compose up --wait`.
    expect(JSON.stringify(services.docpal.healthcheck.test)).toContain('/api/ready')
    expect(dependsOn('docpal')).toEqual({ postgres: 'service_healthy' })
    expect(dependsOn('proxy')).toEqual({ docpal: 'service_healthy' })
  })

  it('every named volume used by a service is declared at top level', () => {
    const declared = Object.keys(compose.volumes ?? {})
    const used = Object.keys(services).flatMap(namedVolumes)
    expect(used).toEqual(expect.arrayContaining(['pgdata']))
    for (const v of used) expect(declared, `volume ${v}`).toContain(v)
  })

  it('docpal scales: no published port, no shared named volume, no container name', () => {
    // `--scale docpal=3` refuses a fixed host port or name; a shared data dir would have three
    // processes unpack plugins into one folder. Each container's /data is the image's anonymous volume.
    expect(services.docpal.ports).toBeUndefined()
    expect(services.docpal.container_name).toBeUndefined()
    expect(namedVolumes('docpal')).toEqual([])
    expect(env('docpal').DOCPAL_DATA_DIR).toBe('/data')
    expect(readFileSync(dockerfileUrl, 'utf8')).toMatch(/^VOLUME \["\/data"\]$/m)
  })

  it('the proxy publishes the port, on loopback unless .env says otherwise, and reaches docpal on its port', () => {
    const e = env('docpal')
    expect(e.HOST).toBe('0.0.0.0')
    expect(ports('proxy')).toEqual([{ ip: '127.0.0.1', host: 8080, container: 8080 }])
    const everywhere = parse(interpolate(composeText, { ...envExample, DOCPAL_PUBLISH: '0.0.0.0', DOCPAL_PORT: '80' })).services.proxy.ports
    expect(everywhere).toEqual(['0.0.0.0:80:8080'])
    expect(services.proxy.image).toMatch(/^haproxy:\d+\.\d+\.\d+-alpine$/)
    expect(services.proxy.volumes).toEqual(['./deploy/haproxy.cfg:/usr/local/etc/haproxy/haproxy.cfg:ro'])
    expect(haproxy).toMatch(new RegExp(`^\\s*server-template docpal \\d+ docpal:${e.PORT}$`, 'm'))
    expect(haproxy).toMatch(/^\s*bind :8080$/m)
  })

  it('the proxy sends only to ready containers, and a draining one leaves it before it stops listening', () => {
    expect(haproxy).toMatch(/^\s*http-check send meth GET uri \/api\/ready\b/m)
    expect(haproxy).toMatch(/^\s*http-check expect status 200$/m)
    // Containers come and go with --scale: found through Docker's DNS, not a fixed list.
    expect(haproxy).toMatch(/^\s*nameserver \S+ 127\.0\.0\.11:53$/m)
    const check = haproxy.match(/^\s*default-server check inter (\d+)s fall (\d+)\b.*resolvers docker/m)
    expect(check).not.toBeNull()
    // Not ready for DOCPAL_DRAIN_DELAY_MS after SIGTERM: longer than the proxy needs to notice.
    const delay = Number(env('docpal').DOCPAL_DRAIN_DELAY_MS)
    expect(delay).toBeGreaterThan(Number(check![1]) * Number(check![2]) * 1000)
    // The delay and 8 s for requests in flight fit before Docker kills the container.
    expect(Number(String(services.docpal.stop_grace_period).replace(/s$/, '')) * 1000).toBeGreaterThanOrEqual(delay + 10_000)
    // Only a failed connect is sent again: a request DocPal started is never sent twice.
    expect(haproxy).toMatch(/^\s*retry-on conn-failure$/m)
    // DocPal trusts X-Forwarded-For from it: the proxy sets the header, the client cannot choose it.
    expect(env('docpal').DOCPAL_TRUST_PROXY).toBe('on')
    expect(haproxy).toMatch(/^\s*http-request set-header X-Forwarded-For %\[src\]$/m)
    expect(haproxy).not.toMatch(/option forwardfor/)
  })

  it("publishes only the proxy's port: DocPal and the database stay on the compose network", () => {
    for (const s of Object.keys(services)) if (s !== 'proxy') expect(ports(s), `service ${s} publishes a port`).toEqual([])
  })

  it('holds no secret: every password comes from .env, and compose refuses to start without one', () => {
    for (const literal of ['POSTGRES_PASSWORD: docpal', 'docpal:docpal@']) expect(composeText).not.toContain(literal)
    expect(env('postgres').POSTGRES_PASSWORD).toBe(envExample.POSTGRES_PASSWORD)
    const { POSTGRES_PASSWORD: _omitted, ...withoutPassword } = envExample
    expect(() => interpolate(composeText, withoutPassword)).toThrow('required variable POSTGRES_PASSWORD: set POSTGRES_PASSWORD in .env')
  })

  it('keeps .env out of git and out of the image', () => {
    const lines = (u: string) => readFileSync(new URL(u, import.meta.url), 'utf8').split('\n')
    expect(lines('../.gitignore')).toContain('.env')
    expect(lines('../.dockerignore')).toContain('.env')
  })
})

describe('Dockerfile', () => {
  const text = readFileSync(dockerfileUrl, 'utf8')
  it('builds in one stage and runs with production dependencies only in another, from pinned images', () => {
    expect(existsSync(fileURLToPath(dockerfileUrl))).toBe(true)
    const froms = [...text.matchAll(/^FROM\s+(\S+)/gm)].map((m) => m[1])
    expect(froms).toEqual(['node:20.20-bookworm-slim', 'node:20.20-bookworm-slim'])
    expect(text).toMatch(/pnpm install --frozen-lockfile && pnpm build/)
    // The runtime tree (bench/image-size.ts runs the same script, measures it and starts the server from it).
    expect(text).toMatch(/RUN sh host-server\/scripts\/runtime-tree\.sh \/app \/prod/)
    const tree = readFileSync(new URL('../host-server/scripts/runtime-tree.sh', import.meta.url), 'utf8')
    expect(tree).toMatch(/pnpm install --prod --frozen-lockfile/)
    expect(text).toMatch(/COPY --from=build \/prod \/app/)
    // No package manager in the final stage.
    expect(text.slice(text.lastIndexOf('FROM '))).not.toMatch(/^RUN .*pnpm/m)
  })

  it('runs as an unprivileged user, checks its health and gives SIGTERM to the server itself', () => {
    expect(text).toMatch(/^USER node$/m)
    expect(text).toMatch(/^HEALTHCHECK .*\n\s+CMD .*\/api\/health/m)
    expect(text).toMatch(/^EXPOSE 8080\b/m)
    const cmd = text.match(/^CMD\s+(.+)$/m)
    expect(cmd).not.toBeNull()
    expect(JSON.parse(cmd![1]!.trim())).toEqual(['node', ...NODE_FLAGS, 'dist/main.bundle.js'])
    // `pnpm start` runs the server with the same flags.
    const pkg = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as { scripts: Record<string, string> }
    expect(pkg.scripts['start']).toContain(`exec node ${NODE_FLAGS.join(' ')} dist/main.bundle.js`)
  })
})
