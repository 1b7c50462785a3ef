import { isIP } from 'node:net'
import { resolve } from 'node:path'
import { z } from 'zod'
import { DEFAULT_HOST, DEFAULT_PORT } from './listen-address.ts'
import type { ArchiveLimits } from '@docpal/kernel'
import type { AuthSettings } from './auth/auth-settings.ts'
import { DEFAULT_OUTBOX, type MailSettings, type SmtpSettings } from './mail/mail-settings.ts'

const MiB = 1024 * 1024

/** A comma-separated list in one variable; empty entries dropped. */
const list = z
  .string()
  .optional()
  .transform((s) =>
    (s ?? '')
      .split(',')
      .map((x) => x.trim())
      .filter((x) => x !== ''),
  )

/** Settings from the environment, validated at start (API.md "Server settings"). */
export const ConfigSchema = z.object({
  // listen-address.ts reads these two the same way (before this module loads).
  PORT: z.coerce.number().int().min(0).max(65535).default(DEFAULT_PORT),
  HOST: z.string().min(1).default(DEFAULT_HOST),
  DATABASE_URL: z
    .string()
    .regex(/^postgres(ql)?:\/\//, 'a postgres:// connection string')
    .optional(),
  DOCPAL_DATA_DIR: z.string().min(1).default('./data'),
  DOCPAL_DB_POOL: z.coerce.number().int().min(1).max(200).default(10),
  // Create the index of a column as soon as slow ad-hoc queries keep filtering or sorting by it
  // (off: such indexes are proposed at GET /api/tables/:id/indexes, one click to create).
  DOCPAL_AUTO_INDEX: z.enum(['on', 'off']).default('off'),
  // The audit log is always on; 'off' exists only for the benchmark's baseline (bench/audit-cost.ts).
  DOCPAL_AUDIT: z.enum(['on', 'off']).default('on'),
  // The embedded workflow runner: off for a process that only serves requests (others run the
  // workflows); the lease is how long a killed process's runs wait before another takes them up.
  DOCPAL_WORKFLOWS: z.enum(['on', 'off']).default('on'),
  DOCPAL_WORKFLOW_LEASE_MS: z.coerce.number().int().min(500).max(3_600_000).default(30_000),
  DOCPAL_WORKFLOW_CONCURRENCY: z.coerce.number().int().min(1).max(100).default(8),
  // Temporal (issue 18): runs go to this server's worker instead of the embedded runner.
  // Empty (as compose passes an unset variable) means unset.
  TEMPORAL_ADDRESS: z.preprocess((v) => (v === '' ? undefined : v), z.string().min(1).max(500).optional()),
  // Redis (issue 19): rate limits count there, shared by every server process using it.
  REDIS_URL: z.preprocess(
    (v) => (v === '' ? undefined : v),
    z
      .string()
      .regex(/^rediss?:\/\//, 'a redis:// URL')
      .max(2000)
      .optional(),
  ),
  // Keys this installation writes in Redis begin with it (one Redis may serve several installations).
  DOCPAL_REDIS_PREFIX: z.string().min(1).max(100).default('docpal:'),
  // After SIGTERM: this long, /api/ready answers 503 while requests are still served, so a load
  // balancer's readiness check takes the process out before it stops listening (0: stop at once).
  DOCPAL_DRAIN_DELAY_MS: z.coerce.number().int().min(0).max(60_000).default(0),
  TEMPORAL_NAMESPACE: z.string().min(1).max(200).default('default'),
  TEMPORAL_TASK_QUEUE: z.string().min(1).max(200).default('docpal'),
  DOCPAL_SLOW_QUERY_MS: z.coerce.number().int().min(0).max(3_600_000).default(25),
  DOCPAL_STATEMENT_TIMEOUT_MS: z.coerce.number().int().min(0).max(86_400_000).default(30_000),
  DOCPAL_PGLITE_SHARED_BUFFERS: z
    .string()
    .regex(/^[1-9][0-9]{0,5}(kB|MB|GB)$/, 'a size such as 32MB (kB, MB or GB)')
    .default('32MB'),
  LOG_LEVEL: z.enum(['silent', 'error', 'warn', 'info']).default('info'),
  DOCPAL_PLUGIN_CATALOG: z.string().min(1).optional(),
  PUBLIC_URL: z.url({ protocol: /^https?$/, error: 'an http(s) URL, e.g. https://docpal.example.com' }).optional(),
  DOCPAL_ALLOWED_HOSTS: list.pipe(z.array(z.string().regex(/^(\*|[A-Za-z0-9.-]+|\[[0-9A-Fa-f:.]+\])$/, 'host names separated by commas, or *'))),
  DOCPAL_CORS_ORIGINS: list.pipe(
    z.array(z.union([z.literal('*'), z.url({ protocol: /^https?$/ }).refine((u) => new URL(u).origin === u, 'an origin: scheme://host[:port], no path')])),
  ),
  DOCPAL_MAX_JSON_DEPTH: z.coerce.number().int().min(2).max(10_000).default(64),
  DOCPAL_MAX_BODY: z.coerce
    .number()
    .int()
    .min(1024)
    .max(1024 * MiB)
    .default(2 * MiB),
  DOCPAL_MAX_BULK_BODY: z.coerce
    .number()
    .int()
    .min(1024)
    .max(4096 * MiB)
    .default(64 * MiB),
  DOCPAL_MAX_IMPORT_BODY: z.coerce
    .number()
    .int()
    .min(1024)
    .max(16384 * MiB)
    .default(200 * MiB),
  DOCPAL_BULK_CONCURRENCY: z.coerce.number().int().min(1).max(64).default(2),
  DOCPAL_BULK_QUEUE: z.coerce.number().int().min(0).max(10_000).default(64),
  DOCPAL_MAX_RESPONSE: z.coerce
    .number()
    .int()
    .min(64 * 1024)
    .max(1024 * MiB)
    .default(64 * MiB),
  // How far an uploaded plugin archive may unpack (kernel/src/plugins/archive-limits.ts).
  DOCPAL_PLUGIN_MAX_UNPACKED: z.coerce
    .number()
    .int()
    .min(MiB)
    .max(4096 * MiB)
    .default(50 * MiB),
  DOCPAL_PLUGIN_MAX_RATIO: z.coerce.number().int().min(2).max(100_000).default(100),
  DOCPAL_PLUGIN_MAX_ENTRIES: z.coerce.number().int().min(10).max(1_000_000).default(2000),
  DOCPAL_PLUGIN_MAX_PATH: z.coerce.number().int().min(32).max(4000).default(255),
  DOCPAL_PLUGIN_MAX_DEPTH: z.coerce.number().int().min(2).max(256).default(32),
  // Accounts (docs/accounts.md): `invite` keeps sign-up to the first account, then invitations only.
  DOCPAL_SIGNUP: z.enum(['open', 'invite']).default('open'),
  DOCPAL_SESSION_IDLE_HOURS: z.coerce
    .number()
    .min(0.01)
    .max(24 * 365)
    .default(168),
  DOCPAL_SESSION_MAX_DAYS: z.coerce.number().min(0.01).max(3650).default(30),
  DOCPAL_TRUST_PROXY: z.enum(['on', 'off']).default('off'),
  DOCPAL_LOGIN_ATTEMPTS: z.coerce.number().int().min(1).max(10_000).default(10),
  DOCPAL_AUTH_RATE: z.coerce.number().int().min(1).max(100_000).default(30),
  DOCPAL_INVITATION_DAYS: z.coerce.number().min(0.01).max(365).default(7),
  // Email (docs/accounts.md): no SMTP server set keeps mails in the development outbox.
  DOCPAL_SMTP_URL: z.url({ protocol: /^smtps?$/, error: 'an smtp:// or smtps:// URL, e.g. smtp://user:password@mail.example.com:587' }).optional(),
  DOCPAL_SMTP_HOST: z.string().min(1).optional(),
  DOCPAL_SMTP_PORT: z.coerce.number().int().min(1).max(65535).optional(),
  DOCPAL_SMTP_SECURE: z.enum(['on', 'off']).optional(),
  DOCPAL_SMTP_USER: z.string().min(1).optional(),
  DOCPAL_SMTP_PASSWORD: z.string().optional(),
  DOCPAL_SMTP_TIMEOUT_MS: z.coerce.number().int().min(100).max(300_000).default(10_000),
  DOCPAL_MAIL_FROM: z.string().min(3).default('DocPal <no-reply@localhost>'),
  DOCPAL_OUTBOX_KEEP_DAYS: z.coerce.number().int().min(1).max(3650).default(DEFAULT_OUTBOX.keepDays),
  DOCPAL_OUTBOX_KEEP_MAILS: z.coerce.number().int().min(1).max(1_000_000).default(DEFAULT_OUTBOX.keepMails),
})

/** The HTTP edge's limits and trust settings; every field has a default (see `httpSettings`). */
export interface HttpSettings {
  /** Where users reach DocPal (behind a proxy); its host is allowed and https turns HSTS on. */
  readonly publicUrl: string | undefined
  /** Host names accepted besides the localhost names (`*`: any; IP literals are always accepted). */
  readonly allowedHosts: ReadonlyArray<string>
  /** Origins allowed to call the API from a browser (CORS and cross-origin writes); `*`: any. */
  readonly corsOrigins: ReadonlyArray<string>
  readonly maxJsonDepth: number
  /** Bytes per request body; the bulk insert route has its own. */
  readonly maxBody: number
  readonly maxBulkBody: number
  /** Bytes per imported file (CSV, TSV, XLSX). */
  readonly maxImportBody: number
  /** Bulk inserts that read and write their bodies at once, and how many more may wait. */
  readonly bulkConcurrency: number
  readonly bulkQueue: number
  /** Largest API answer, in bytes. */
  readonly maxResponse: number
}

export interface ServerConfig {
  readonly port: number
  readonly host: string
  readonly databaseUrl: string | undefined
  readonly dataDir: string
  readonly poolSize: number
  /** PostgreSQL: the longest one statement of a request may run, in ms (0: no bound). */
  readonly statementTimeoutMs?: number | undefined
  /** Create proposed column indexes automatically (DOCPAL_AUTO_INDEX=on). */
  readonly autoIndex?: boolean | undefined
  /** Write the audit log (DOCPAL_AUDIT=off: the benchmark's baseline only). */
  readonly audit?: boolean | undefined
  /** The embedded workflow runner (DOCPAL_WORKFLOWS=off: none in this process). */
  readonly workflows?: { readonly leaseMs: number; readonly concurrency: number } | false | undefined
  /** Temporal's address, namespace and task queue (TEMPORAL_ADDRESS set: runs execute there). */
  readonly temporal?: { readonly address: string; readonly namespace: string; readonly taskQueue: string } | undefined
  /** Redis for the rate limits (REDIS_URL); unset: PostgreSQL's rate_counters, or memory on PGlite. */
  readonly redisUrl?: string | undefined
  /** After SIGTERM, how long /api/ready answers 503 before the listener closes (DOCPAL_DRAIN_DELAY_MS). */
  readonly drainDelayMs?: number | undefined
  /** What this installation's Redis keys begin with (DOCPAL_REDIS_PREFIX). */
  readonly redisPrefix?: string | undefined
  /** A list query this slow (ms) counts towards an index proposal (DOCPAL_SLOW_QUERY_MS). */
  readonly slowQueryMs?: number | undefined
  /** Embedded PGlite's shared_buffers, e.g. '32MB'. */
  readonly pgliteSharedBuffers?: string | undefined
  readonly logLevel: 'silent' | 'error' | 'warn' | 'info'
  /** Plugin catalog: file path or http(s) URL; unset: the catalog shipped with DocPal. */
  readonly pluginCatalog?: string | undefined
  /** Unset fields take the defaults of `httpSettings`. */
  readonly http?: Partial<HttpSettings> | undefined
  /** Limits on uploaded plugin archives; unset fields take the kernel's defaults. */
  readonly pluginArchive?: Partial<ArchiveLimits> | undefined
  /** Sign-up, sessions and rate limits; unset fields take DEFAULT_AUTH. */
  readonly auth?: Partial<AuthSettings> | undefined
  /** SMTP server and sender; unset: DEFAULT_MAIL (the development outbox). */
  readonly mail?: Partial<MailSettings> | undefined
}

/** The SMTP server the environment names, if any (a URL wins over host and port). */
function smtpFromEnv(c: z.infer<typeof ConfigSchema>): SmtpSettings | undefined {
  if (c.DOCPAL_SMTP_URL) return { url: c.DOCPAL_SMTP_URL }
  if (!c.DOCPAL_SMTP_HOST) return undefined
  const secure = c.DOCPAL_SMTP_SECURE ? c.DOCPAL_SMTP_SECURE === 'on' : c.DOCPAL_SMTP_PORT === 465
  return { host: c.DOCPAL_SMTP_HOST, port: c.DOCPAL_SMTP_PORT ?? (secure ? 465 : 587), secure, user: c.DOCPAL_SMTP_USER, password: c.DOCPAL_SMTP_PASSWORD }
}

/** The HTTP settings the environment gives. */
function httpFromEnv(c: z.infer<typeof ConfigSchema>): HttpSettings {
  return {
    publicUrl: c.PUBLIC_URL,
    allowedHosts: c.DOCPAL_ALLOWED_HOSTS.map((h) => h.toLowerCase()),
    corsOrigins: c.DOCPAL_CORS_ORIGINS,
    maxJsonDepth: c.DOCPAL_MAX_JSON_DEPTH,
    maxBody: c.DOCPAL_MAX_BODY,
    maxBulkBody: c.DOCPAL_MAX_BULK_BODY,
    maxImportBody: c.DOCPAL_MAX_IMPORT_BODY,
    bulkConcurrency: c.DOCPAL_BULK_CONCURRENCY,
    bulkQueue: c.DOCPAL_BULK_QUEUE,
    maxResponse: c.DOCPAL_MAX_RESPONSE,
  }
}

/** With nothing set: the schema's defaults, so the two cannot disagree. */
export const DEFAULT_HTTP: HttpSettings = httpFromEnv(ConfigSchema.parse({}))

/** The HTTP settings of a config with defaults filled in; HOST counts as allowed when it is a name. */
export function httpSettings(config: Pick<ServerConfig, 'host' | 'http'>): HttpSettings {
  const s = { ...DEFAULT_HTTP, ...config.http }
  const named = config.host !== '' && isIP(config.host) === 0 && !config.host.startsWith('[') ? [config.host] : []
  return { ...s, allowedHosts: [...s.allowedHosts, ...named] }
}

export function loadConfig(env: NodeJS.ProcessEnv = process.env): ServerConfig {
  const r = ConfigSchema.safeParse({
    ...env,
    DATABASE_URL: env['DATABASE_URL'] || undefined,
    PUBLIC_URL: env['PUBLIC_URL'] || undefined,
    DOCPAL_SMTP_URL: env['DOCPAL_SMTP_URL'] || undefined,
    DOCPAL_SMTP_HOST: env['DOCPAL_SMTP_HOST'] || undefined,
  })
  if (!r.success) {
    const lines = r.error.issues.map((i) => `  ${i.path.join('.')}: ${i.message}`).join('\n')
    throw new Error(`Invalid settings in the environment:\n${lines}`)
  }
  const c = r.data
  return {
    port: c.PORT,
    host: c.HOST,
    databaseUrl: c.DATABASE_URL,
    // Relative to where the command was typed: `pnpm start` runs the server inside host-server/,
    // and pnpm passes the caller's folder as INIT_CWD.
    dataDir: resolve(env['INIT_CWD'] ?? process.cwd(), c.DOCPAL_DATA_DIR),
    poolSize: c.DOCPAL_DB_POOL,
    statementTimeoutMs: c.DOCPAL_STATEMENT_TIMEOUT_MS,
    autoIndex: c.DOCPAL_AUTO_INDEX === 'on',
    audit: c.DOCPAL_AUDIT === 'on',
    temporal: c.TEMPORAL_ADDRESS ? { address: c.TEMPORAL_ADDRESS, namespace: c.TEMPORAL_NAMESPACE, taskQueue: c.TEMPORAL_TASK_QUEUE } : undefined,
    workflows: c.DOCPAL_WORKFLOWS === 'on' ? { leaseMs: c.DOCPAL_WORKFLOW_LEASE_MS, concurrency: c.DOCPAL_WORKFLOW_CONCURRENCY } : false,
    redisUrl: c.REDIS_URL,
    redisPrefix: c.DOCPAL_REDIS_PREFIX,
    drainDelayMs: c.DOCPAL_DRAIN_DELAY_MS,
    slowQueryMs: c.DOCPAL_SLOW_QUERY_MS,
    pgliteSharedBuffers: c.DOCPAL_PGLITE_SHARED_BUFFERS,
    logLevel: c.LOG_LEVEL,
    pluginCatalog: c.DOCPAL_PLUGIN_CATALOG,
    http: httpFromEnv(c),
    auth: {
      signup: c.DOCPAL_SIGNUP,
      sessionIdleMs: Math.round(c.DOCPAL_SESSION_IDLE_HOURS * 3_600_000),
      sessionMaxMs: Math.round(c.DOCPAL_SESSION_MAX_DAYS * 86_400_000),
      trustProxy: c.DOCPAL_TRUST_PROXY === 'on',
      loginAttemptsPerEmail: c.DOCPAL_LOGIN_ATTEMPTS,
      authRequestsPerIp: c.DOCPAL_AUTH_RATE,
      invitationTtlMs: Math.round(c.DOCPAL_INVITATION_DAYS * 86_400_000),
    },
    mail: {
      smtp: smtpFromEnv(c),
      from: c.DOCPAL_MAIL_FROM,
      timeoutMs: c.DOCPAL_SMTP_TIMEOUT_MS,
      outbox: { keepDays: c.DOCPAL_OUTBOX_KEEP_DAYS, keepMails: c.DOCPAL_OUTBOX_KEEP_MAILS },
    },
    pluginArchive: {
      maxUnpackedBytes: c.DOCPAL_PLUGIN_MAX_UNPACKED,
      maxRatio: c.DOCPAL_PLUGIN_MAX_RATIO,
      maxEntries: c.DOCPAL_PLUGIN_MAX_ENTRIES,
      maxPathBytes: c.DOCPAL_PLUGIN_MAX_PATH,
      maxPathDepth: c.DOCPAL_PLUGIN_MAX_DEPTH,
    },
  }
}
