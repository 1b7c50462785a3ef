import type { Contributions } from './contributions.ts'
import type { PluginLogger } from './plugin-logger.ts'

/**
 * Dependency injection across the plugin boundary (Backstage's service refs and extension points).
 * A ref is only an id and a phantom type: the kernel and plugins match refs by `id`, so a ref may
 * be declared in any package (or bundled twice) and still name the same service. The SDK never
 * imports the kernel; the kernel binds its services to the refs of `coreServices` and the
 * compiler checks that they fit the interfaces below.
 */
export interface ServiceRef<T> {
  readonly id: string
  readonly kind: 'service'
  /** `request`: bound per HTTP request (who asks); never a plugin dependency. */
  readonly scope: 'root' | 'request'
  /** Never set; carries the type. */
  readonly T?: T
}

/** Something a plugin publishes for other plugins to extend (add functions, handlers, ...). */
export interface ExtensionPoint<T> {
  readonly id: string
  readonly kind: 'extensionPoint'
  /** Never set; carries the type. */
  readonly T?: T
}

export type DependencyRef<T> = ServiceRef<T> | ExtensionPoint<T>

export function createServiceRef<T>(opts: { id: string; scope?: 'root' | 'request' }): ServiceRef<T> {
  return { id: opts.id, kind: 'service', scope: opts.scope ?? 'root' }
}

export function createExtensionPoint<T>(opts: { id: string }): ExtensionPoint<T> {
  return { id: opts.id, kind: 'extensionPoint' }
}

/** What a plugin declares it needs: `deps: { records: coreServices.records, ... }`. */
export type DepsSpec = { readonly [name: string]: DependencyRef<unknown> }

/** What `setup` receives for a `deps` declaration: each name typed by its ref. */
export type ResolvedDeps<D extends DepsSpec> = { readonly [K in keyof D]: D[K] extends DependencyRef<infer T> ? T : never }

/** The plugin that receives a published service: the instance it gets is its own. */
export interface ServiceConsumer {
  readonly pluginId: string
  /** Runs when the consumer is disabled (its child container is disposed). */
  onDispose(fn: () => void | Promise<void>): void
}

/** How a plugin publishes a service or extension point (`ctx.provide(ref, impl)` in `setup`). */
export interface ServiceImplementation<T> {
  /** One instance per consuming plugin, so the publisher knows who added what. */
  forPlugin(consumer: ServiceConsumer): T
  /**
   * What a consumer added through this point, in the kernel's contribution words: the admin sees
   * it as that plugin's contributions, and disabling the consumer is refused while it is in use.
   */
  contributed?(pluginId: string): Partial<Contributions>
}

/** A record service call acts as someone: the same company and user as a hook's context. */
export interface ServiceActor {
  readonly userId: string
  readonly companyId: string
}

/** Records of the kernel, as JSON text (the kernel serialises in SQL; `JSON.parse` to read). */
export interface RecordsApi {
  create(actor: ServiceActor, tableId: string, body: unknown, keyBy: 'name' | 'id'): Promise<string>
  get(actor: ServiceActor, tableId: string, recordId: string, keyBy: 'name' | 'id'): Promise<string>
  list(actor: ServiceActor, tableId: string, params: unknown): Promise<string>
  delete(actor: ServiceActor, tableId: string, recordId: string): Promise<void>
}

/** A mail a plugin sends (a workflow step, a notification): plain text, optional HTML. */
export interface MailMessage {
  readonly to: string
  readonly subject: string
  readonly text: string
  readonly html?: string
  /** The company the mail is about (the development outbox lists it). */
  readonly companyId?: string
}

/** The server's mailer (SMTP, or the development outbox when none is set). */
export interface MailApi {
  /**
   * Sends one mail. With an `idempotencyKey`, a key already sent is not sent again (answers
   * `sent: false`): a retried workflow step mails once. The key is stored after the mail server
   * accepted the mail, so only a crash between the two can send it twice (SMTP cannot do better);
   * the Message-ID derives from the key, so a receiver can tell the copies apart.
   */
  send(message: MailMessage, opts?: { readonly idempotencyKey?: string }): Promise<{ readonly sent: boolean }>
  /** The address of a member of the company, or undefined when the user is not one (or has no address). */
  addressOf(companyId: string, userId: string): Promise<string | undefined>
}

/** The kernel's services a plugin may declare in `deps`. */
export const coreServices = {
  /** Read and write records with the kernel's checks and hooks. */
  records: createServiceRef<RecordsApi>({ id: 'core.records' }),
  /** A logger whose lines carry the plugin's id (the same one as `ctx.logger`). */
  logger: createServiceRef<PluginLogger>({ id: 'core.logger' }),
  /** Send mail through the server's mailer, at most once per idempotency key. */
  mail: createServiceRef<MailApi>({ id: 'core.mail' }),
} as const
