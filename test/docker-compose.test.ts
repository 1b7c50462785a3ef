import { describe, it, expect } from 'vitest'
import { readFileSync, existsSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import { parse } from 'yaml'

const composeUrl = new URL('../docker-compose.yml', import.meta.url)
const dockerfileUrl = new URL('../Dockerfile', import.meta.url)
const envExampleUrl = new URL('../.env.example', import.meta.url)
const composeText = readFileSync(composeUrl, 'utf8')
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

/** Ports a service offers on the compose network (`expose`) or publishes. */
function networkPorts(name: string): number[] {
  return [...(services[name]?.expose ?? []).map(Number), ...ports(name).map((p) => p.container)]
}

/** Named volumes referenced by a service (excludes bind mounts). */
function namedVolumes(name: string): string[] {
  return (services[name]?.volumes ?? [])
    .map((v: any) => (typeof v === 'object' ? (v.type === 'volume' || !v.type ? v.source : undefined) : String(v).split(':')[0]))
    .filter((src: string | undefined): src is string => !!src && !/^[./~]/.test(src))
}

describe('docker-compose.yml', () => {
  it('defines the five services', () => {
    for (const s of ['postgres', 'minio', 'temporal', 'temporal-ui', 'docpal']) {
      expect(services, `service ${s}`).toHaveProperty(s)
    }
    expect(services.postgres.image).toMatch(/^postgres:16/)
    expect(services.minio.image).toMatch(/^minio\/minio/)
    expect(services.temporal.image).toMatch(/^temporalio\/auto-setup/)
    expect(services['temporal-ui'].image).toMatch(/^temporalio\/ui/)
    expect(services.docpal.build).toMatchObject({ context: '.', dockerfile: 'Dockerfile' })
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

  it('postgres has a pg_isready healthcheck and docpal waits for it to be healthy', () => {
    expect(JSON.stringify(services.postgres.healthcheck?.test)).toContain('pg_isready')
    expect(services.minio.healthcheck?.test).toBeTruthy()
    const deps = dependsOn('docpal')
    expect(deps.postgres).toBe('service_healthy')
    expect(deps.minio).toBe('service_healthy')
    expect(deps).toHaveProperty('temporal')
  })

  it('docpal S3_ENDPOINT points at a port minio offers on the compose network', () => {
    const e = env('docpal')
    const url = new URL(e.S3_ENDPOINT!)
    expect(url.hostname).toBe('minio')
    expect(networkPorts('minio')).toContain(Number(url.port || (url.protocol === 'https:' ? 443 : 80)))
    expect(e.S3_BUCKET).toBe('docpal')
    const m = env('minio')
    expect(e.S3_ACCESS_KEY).toBe(m.MINIO_ROOT_USER)
    expect(e.S3_SECRET_KEY).toBe(m.MINIO_ROOT_PASSWORD)
    expect(String(services.minio.command)).toContain('server /data')
  })

  it('TEMPORAL_ADDRESS points at the temporal service on 7233', () => {
    expect(env('docpal').TEMPORAL_ADDRESS).toBe('temporal:7233')
    expect(env('temporal-ui').TEMPORAL_ADDRESS).toBe('temporal:7233')
    expect(networkPorts('temporal')).toContain(7233)
  })

  it('temporal depends on postgres and seeds from it with matching credentials', () => {
    expect(dependsOn('temporal')).toHaveProperty('postgres')
    const t = env('temporal')
    const pg = env('postgres')
    expect(t.POSTGRES_SEEDS).toBe('postgres')
    expect(t.DB).toMatch(/^postgres12(_pgx)?$/)
    expect(t.DB_PORT).toBe('5432')
    expect(t.POSTGRES_USER).toBe(pg.POSTGRES_USER)
    expect(t.POSTGRES_PWD).toBe(pg.POSTGRES_PASSWORD)
  })

  it('every named volume used by a service is declared at top level', () => {
    const declared = Object.keys(compose.volumes ?? {})
    const used = Object.keys(services).flatMap(namedVolumes)
    expect(used).toEqual(expect.arrayContaining(['pgdata', 'miniodata', 'docpaldata']))
    for (const v of used) expect(declared, `volume ${v}`).toContain(v)
    expect(namedVolumes('docpal')).toContain('docpaldata')
    const docpalDataMount = (services.docpal.volumes as string[]).find((v) => v.startsWith('docpaldata:'))
    expect(String(docpalDataMount).split(':')[1]).toBe(env('docpal').DOCPAL_DATA_DIR)
  })

  it('docpal listens on the port it publishes, on loopback unless .env says otherwise', () => {
    const e = env('docpal')
    expect(e.HOST).toBe('0.0.0.0')
    expect(ports('docpal')).toEqual([{ ip: '127.0.0.1', host: 8080, container: Number(e.PORT) }])
    const everywhere = parse(interpolate(composeText, { ...envExample, DOCPAL_PUBLISH: '0.0.0.0', DOCPAL_PORT: '80' })).services.docpal.ports
    expect(everywhere).toEqual(['0.0.0.0:80:8080'])
  })

  it("publishes only DocPal's port: the database, object store and workflow engine stay on the compose network", () => {
    for (const s of Object.keys(services)) if (s !== 'docpal') expect(ports(s), `service ${s} publishes a port`).toEqual([])
  })

  it('holds no secret: every password comes from .env, and compose refuses to start without one', () => {
    for (const literal of ['docpal-secret', 'POSTGRES_PASSWORD: docpal', 'MINIO_ROOT_PASSWORD: docpal', 'docpal:docpal@']) expect(composeText).not.toContain(literal)
    expect(env('postgres').POSTGRES_PASSWORD).toBe(envExample.POSTGRES_PASSWORD)
    expect(env('minio').MINIO_ROOT_PASSWORD).toBe(envExample.MINIO_ROOT_PASSWORD)
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
  it('exists, installs with the frozen lockfile and runs `pnpm start`', () => {
    expect(existsSync(fileURLToPath(dockerfileUrl))).toBe(true)
    const text = readFileSync(dockerfileUrl, 'utf8')
    expect(text).toMatch(/^FROM node:20-bookworm-slim/m)
    expect(text).toMatch(/pnpm install --frozen-lockfile/)
    expect(text).toMatch(/^EXPOSE 8080\b/m)
    const cmd = text.match(/^CMD\s+(.+)$/m)
    expect(cmd).not.toBeNull()
    const raw = cmd![1]!.trim()
    const argv = raw.startsWith('[') ? (JSON.parse(raw) as string[]) : raw.split(/\s+/)
    expect(argv).toEqual(['pnpm', 'start'])
  })
})
